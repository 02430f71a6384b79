package io.tributary.plugin.deploy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Debounces a directory's files: a file counts as present only once its {@link FileStamp} has not
 * changed for the settle time, and as gone only once it has been missing that long. A zip still
 * being copied, or replaced by delete-then-copy, is therefore never acted on half-way.
 */
final class SettledFiles {
    private final long settleNanos;
    /** path → last stamp seen (null: missing) and since when */
    private final Map<Path, Seen> seen = new HashMap<>();

    private record Seen(FileStamp stamp, long sinceNanos) {
    }

    /** What a scan found: settled files with their stamps, and paths still changing. */
    record View(Map<Path, FileStamp> present, Set<Path> unsettled) {
        /** True when a later look may tell more (a path is still changing). */
        boolean changing() {
            return !unsettled.isEmpty();
        }
    }

    SettledFiles(long settleMillis) {
        this.settleNanos = settleMillis * 1_000_000L;
    }

    /**
     * Records a scan taken at {@code nowNanos} ({@link System#nanoTime()}): path → stamp of every
     * archive found.
     */
    View observe(Map<Path, FileStamp> scan, long nowNanos) {
        Set<Path> paths = new TreeSet<>(seen.keySet());
        paths.addAll(scan.keySet());
        Map<Path, FileStamp> present = new HashMap<>();
        Set<Path> unsettled = new TreeSet<>();
        for (Path path : paths) {
            FileStamp stamp = scan.get(path);
            Seen last = seen.get(path);
            if (last == null || !Objects.equals(last.stamp(), stamp)) {
                last = new Seen(stamp, nowNanos);
                seen.put(path, last);
            }
            boolean settled = nowNanos - last.sinceNanos() >= settleNanos;
            if (!settled) {
                unsettled.add(path);
            } else if (stamp != null) {
                present.put(path, stamp);
            } else {
                seen.remove(path); // settled as gone: nothing more to remember
            }
        }
        return new View(present, unsettled);
    }
}
