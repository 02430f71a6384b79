package io.tributary.dist.durability;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Heap in use of another JVM after a full collection, read with {@code jcmd} as an operator would. */
final class HeapProbe {
    private static final Pattern USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private HeapProbe() {
    }

    /** {@code jcmd <pid> GC.run}, then the used heap from {@code jcmd <pid> GC.heap_info}, in bytes. */
    static long usedAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Path here = Path.of("").toAbsolutePath();
        Installation.Result gc = Installation.run(here, Map.of(), jcmd, Long.toString(pid), "GC.run");
        assertThat(gc.exitCode()).as(gc.output()).isZero();
        Installation.Result info = Installation.run(here, Map.of(), jcmd, Long.toString(pid), "GC.heap_info");
        assertThat(info.exitCode()).as(info.output()).isZero();
        Matcher m = USED.matcher(info.output());
        assertThat(m.find()).as("heap use in:%n%s", info.output()).isTrue();
        return Long.parseLong(m.group(2)) * 1024;
    }
}
