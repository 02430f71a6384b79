package io.tributary.bench.logstore;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many synchronous flushes the disk does per second: one thread appends 4 KiB to a file and
 * calls {@link FileChannel#force} after each write, for a few seconds. Group commit turns this
 * rate into the ceiling of commits per second: records/s = commits/s x records per commit.
 */
public final class FsyncProbe {
    private FsyncProbe() {
    }

    /**
     * @param metadata false: {@code force(false)} (fdatasync, what SegmentLog uses); true: {@code force(true)} (fsync)
     */
    public static Map<String, Object> run(Path dir, int seconds, boolean metadata) throws IOException {
        Path file = dir.resolve("fsync-probe-" + metadata);
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        ByteBuffer block = ByteBuffer.allocateDirect(4096);
        long n = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long now = start;
            while (now < end) {
                block.clear();
                while (block.hasRemaining()) {
                    ch.write(block);
                }
                ch.force(metadata);
                long after = System.nanoTime();
                h.recordValue(after - now);
                now = after;
                n++;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("call", metadata ? "write 4 KiB + FileChannel.force(true)" : "write 4 KiB + FileChannel.force(false)");
        r.put("perSec", Math.round(n / secs));
        r.put("p50Ms", h.getValueAtPercentile(50) / 1e6);
        r.put("p99Ms", h.getValueAtPercentile(99) / 1e6);
        r.put("maxMs", h.getMaxValue() / 1e6);
        return r;
    }
}
