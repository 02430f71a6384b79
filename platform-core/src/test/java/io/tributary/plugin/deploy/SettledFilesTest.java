package io.tributary.plugin.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The debounce: files count only once they stop changing, and are gone only once missing long enough. */
class SettledFilesTest {
    private static final long MS = 1_000_000L;
    private final Path a = Path.of("/plugins/a.zip");
    private final SettledFiles files = new SettledFiles(500);

    private static FileStamp stamp(long size) {
        return new FileStamp(size, 1000, "inode");
    }

    @Test
    void aGrowingFileIsUnsettledUntilItStaysTheSameForTheSettleTime() {
        assertThat(files.observe(Map.of(a, stamp(10)), 0).unsettled()).containsExactly(a);
        assertThat(files.observe(Map.of(a, stamp(20)), 400 * MS).unsettled()).containsExactly(a);
        assertThat(files.observe(Map.of(a, stamp(30)), 800 * MS).present()).isEmpty();
        assertThat(files.observe(Map.of(a, stamp(30)), 1200 * MS).present()).isEmpty();

        SettledFiles.View settled = files.observe(Map.of(a, stamp(30)), 1300 * MS);

        assertThat(settled.present()).containsEntry(a, stamp(30));
        assertThat(settled.changing()).isFalse();
    }

    @Test
    void aFileReplacedByDeleteThenCopyIsNeverSeenAsGone() {
        files.observe(Map.of(a, stamp(10)), -1000 * MS);
        assertThat(files.observe(Map.of(), 0).unsettled()).as("missing for a moment").containsExactly(a);

        SettledFiles.View view = files.observe(Map.of(a, stamp(40)), 200 * MS);

        assertThat(view.unsettled()).containsExactly(a);
        assertThat(files.observe(Map.of(a, stamp(40)), 700 * MS).present()).containsKey(a);
    }

    @Test
    void aFileMissingForTheSettleTimeIsGone() {
        files.observe(Map.of(a, stamp(10)), -1000 * MS);
        files.observe(Map.of(), 0);

        SettledFiles.View view = files.observe(Map.of(), 600 * MS);

        assertThat(view.present()).isEmpty();
        assertThat(view.unsettled()).isEmpty();
    }
}
