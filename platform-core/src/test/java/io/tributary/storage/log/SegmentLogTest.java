package io.tributary.storage.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentLogTest {
    private static final int SEGMENT = 4096;

    @TempDir
    Path dir;

    private SegmentLog open() {
        return SegmentLog.open(dir, "test", Durability.FSYNC, SEGMENT, 64 * 1024);
    }

    private static long append(SegmentLog log, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return log.append(b, 0, b.length);
    }

    private static List<String> readAll(SegmentLog log, long from) throws IOException {
        SegmentLog.Reader r = log.reader(from);
        List<String> out = new ArrayList<>();
        String s;
        while ((s = r.next((offset, payload) -> offset + ":" + StandardCharsets.UTF_8.decode(payload))) != null) {
            out.add(s);
        }
        return out;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static List<Long> offsetsRead(SegmentLog.Reader r) throws IOException {
        List<Long> offsets = new ArrayList<>();
        Long o;
        while ((o = r.next((offset, payload) -> offset)) != null) {
            offsets.add(o);
        }
        return offsets;
    }

    /** Writes {@code count} records, closes the log and returns its last segment file. */
    private Path closedLogOf(int count, String prefix) throws IOException {
        try (SegmentLog log = open()) {
            for (int i = 0; i < count; i++) {
                append(log, prefix + i);
            }
        }
        List<Path> segs = segments();
        return segs.get(segs.size() - 1);
    }

    @Test
    void recordsGetConsecutiveOffsetsAreStoredAcrossSegmentsAndReadBackInOrder() throws Exception {
        try (SegmentLog log = open()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 300; i++) {
                long offset = append(log, "record-" + i + "-" + "x".repeat(40));
                assertThat(offset).isEqualTo(i);
                last = log.whenDurable(offset);
            }
            last.get(5, TimeUnit.SECONDS);
            assertThat(log.durableEnd()).isEqualTo(300);
            assertThat(segments()).as("rolled at %d bytes", SEGMENT).hasSizeGreaterThan(3);
            List<String> read = readAll(log, 0);
            assertThat(read).hasSize(300);
            assertThat(read.get(0)).startsWith("0:record-0-");
            assertThat(read.get(299)).startsWith("299:record-299-");
            assertThat(readAll(log, 150).get(0)).startsWith("150:record-150-");
        }
    }

    @Test
    void manyConcurrentAppendersAreAllStoredOnceAndTheirFuturesComplete() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (SegmentLog log = open()) {
            List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        stored.add(log.whenDurable(append(log, "t" + thread + "-" + i)));
                    }
                }));
            }
            for (var task : tasks) {
                task.get(10, TimeUnit.SECONDS);
            }
            CompletableFuture.allOf(stored.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
            List<String> read = readAll(log, 0);
            assertThat(read).hasSize(4000);
            assertThat(read.stream().map(s -> s.substring(s.indexOf(':') + 1)).distinct().count()).isEqualTo(4000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reopeningKeepsEveryRecordAndContinuesTheOffsets() throws Exception {
        try (SegmentLog log = open()) {
            for (int i = 0; i < 100; i++) {
                append(log, "r" + i);
            }
        }
        try (SegmentLog log = open()) {
            assertThat(log.truncatedOnOpen()).isZero();
            assertThat(log.endOffset()).isEqualTo(100);
            log.whenDurable(append(log, "r100")).get(5, TimeUnit.SECONDS);
            assertThat(readAll(log, 0)).hasSize(101).last().isEqualTo("100:r100");
        }
    }

    @Test
    void aPartialRecordAtTheEndIsCutOnOpenAndTheRecordsBeforeItAreKept() throws Exception {
        Path last = closedLogOf(10, "good-");
        long goodSize = Files.size(last);
        // a crash in the middle of writing a record: its header and half its payload
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.allocate(20).putInt(100).putInt(1234).putLong(10).putInt(7).flip());
        }
        try (SegmentLog log = open()) {
            assertThat(log.truncatedOnOpen()).isEqualTo(20);
            assertThat(Files.size(last)).isEqualTo(goodSize);
            assertThat(log.endOffset()).isEqualTo(10);
            log.whenDurable(append(log, "after")).get(5, TimeUnit.SECONDS);
            List<String> read = readAll(log, 0);
            assertThat(read).hasSize(11).startsWith("0:good-0").endsWith("10:after");
        }
    }

    @Test
    void aRecordWhoseChecksumDoesNotMatchEndsTheGoodPartOfTheLastSegment() throws Exception {
        try (SegmentLog log = open()) {
            for (int i = 0; i < 5; i++) {
                append(log, "rec-" + i);
            }
        }
        Path last = segments().get(0);
        byte[] bytes = Files.readAllBytes(last);
        int recordSize = SegmentLog.RECORD_OVERHEAD + "rec-0".length();
        bytes[3 * recordSize + SegmentLog.RECORD_OVERHEAD + 1] ^= 0x55; // flip a bit in record 3's payload
        Files.write(last, bytes);
        try (SegmentLog log = open()) {
            assertThat(log.truncatedOnOpen()).isEqualTo(2L * recordSize);
            assertThat(readAll(log, 0)).containsExactly("0:rec-0", "1:rec-1", "2:rec-2");
        }
    }

    @Test
    void aCorruptRecordInAnOlderSegmentIsReportedAndReadingGoesOnWithTheNextSegment() throws Exception {
        try (SegmentLog log = open()) {
            for (int i = 0; i < 200; i++) {
                append(log, "rec-" + i + "-" + "y".repeat(30));
            }
        }
        List<Path> segs = segments();
        assertThat(segs).hasSizeGreaterThan(2);
        byte[] first = Files.readAllBytes(segs.get(0));
        first[first.length / 2] ^= 0x7F;
        Files.write(segs.get(0), first);
        long secondBase = Long.parseLong(segs.get(1).getFileName().toString().replace(".seg", ""));
        try (SegmentLog log = open()) {
            SegmentLog.Reader r = log.reader(0);
            List<Long> offsets = offsetsRead(r);
            assertThat(offsets).contains(secondBase, 199L);
            assertThat(r.skipped()).isPositive();
            assertThat(offsets.size() + r.skipped()).as("every offset read or reported").isEqualTo(200);
        }
    }

    @Test
    void deleteBeforeRemovesOnlyWholeSegmentsBelowTheOffset() throws Exception {
        try (SegmentLog log = open()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 300; i++) {
                last = log.whenDurable(append(log, "rec-" + i + "-" + "z".repeat(40)));
            }
            last.get(5, TimeUnit.SECONDS);
            List<Path> before = segments();
            long secondBase = Long.parseLong(before.get(1).getFileName().toString().replace(".seg", ""));
            long size = log.sizeBytes();
            long freed = log.deleteBefore(secondBase + 1);
            assertThat(segments()).hasSize(before.size() - 1);
            assertThat(log.sizeBytes()).isEqualTo(size - freed);
            assertThat(log.startOffset()).isEqualTo(secondBase);
            assertThat(readAll(log, 0).get(0)).startsWith(secondBase + ":");
            log.deleteBefore(Long.MAX_VALUE);
            assertThat(segments()).as("the newest segment stays").hasSize(1);
        }
    }

    @Test
    void theSegmentBeingWrittenIsPreallocatedAndEveryFileEndsWithItsLastRecordOnceClosed() throws Exception {
        long recordBytes = 0;
        try (SegmentLog log = open()) {
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 300; i++) {
                String text = "rec-" + i + "-" + "p".repeat(i % 50);
                recordBytes += SegmentLog.RECORD_OVERHEAD + text.length();
                last = log.whenDurable(append(log, text));
            }
            last.get(5, TimeUnit.SECONDS);
            List<Path> segs = segments();
            assertThat(segs).hasSizeGreaterThan(3);
            Path active = segs.get(segs.size() - 1);
            long activeRecords = recordBytes;
            for (Path older : segs.subList(0, segs.size() - 1)) {
                activeRecords -= Files.size(older);
            }
            assertThat(Files.size(active)).as("written ahead of the records").isGreaterThan(activeRecords);
        }
        long onDisk = 0;
        for (Path p : segments()) {
            onDisk += Files.size(p);
        }
        assertThat(onDisk).as("files cut to their records").isEqualTo(recordBytes);
    }

    @Test
    void zerosLeftPastTheRecordsByAKilledProcessAreCutWithoutReportingLoss() throws Exception {
        Path last = closedLogOf(10, "kept-");
        long goodSize = Files.size(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), goodSize + SegmentLog.PREALLOCATE_BYTES - 1);
        }
        try (SegmentLog log = open()) {
            assertThat(log.truncatedOnOpen()).isZero();
            assertThat(Files.size(last)).isEqualTo(goodSize);
            assertThat(log.endOffset()).isEqualTo(10);
            log.whenDurable(append(log, "after")).get(5, TimeUnit.SECONDS);
            assertThat(readAll(log, 0)).hasSize(11).startsWith("0:kept-0").endsWith("10:after");
        }
    }

    @Test
    void aPartialRecordBeforePreallocatedZerosIsReportedWithItsOwnSize() throws Exception {
        try (SegmentLog log = open()) {
            append(log, "only");
        }
        Path last = segments().get(0);
        long goodSize = Files.size(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(20).putInt(100).putInt(1234).putLong(1).putInt(7).flip(), goodSize);
            ch.write(java.nio.ByteBuffer.allocate(1), goodSize + 100_000);
        }
        try (SegmentLog log = open()) {
            assertThat(log.truncatedOnOpen()).isEqualTo(20);
            assertThat(Files.size(last)).isEqualTo(goodSize);
            assertThat(readAll(log, 0)).containsExactly("0:only");
        }
    }

    @Test
    void anOlderSegmentWithZerosPastItsRecordsIsReadWithoutSkippingAny() throws Exception {
        try (SegmentLog log = open()) {
            for (int i = 0; i < 200; i++) {
                append(log, "rec-" + i + "-" + "y".repeat(30));
            }
        }
        Path first = segments().get(0);
        // a machine crash in os mode before the cut of a full segment reached the disk
        try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), Files.size(first) + 4095);
        }
        try (SegmentLog log = open()) {
            SegmentLog.Reader r = log.reader(0);
            List<Long> offsets = offsetsRead(r);
            assertThat(offsets).hasSize(200).startsWith(0L).endsWith(199L);
            assertThat(r.skipped()).isZero();
        }
    }

    @Test
    void anEmptyRecordIsRefused() {
        try (SegmentLog log = open()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.append(new byte[0], 0, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            assertThat(log.endOffset()).isZero();
        }
    }

    @Test
    void osModeStoresWithoutWaitingForTheDisk() throws Exception {
        try (SegmentLog log = SegmentLog.open(dir, "os", Durability.OS, SEGMENT, 1024)) {
            log.whenDurable(append(log, "a")).get(5, TimeUnit.SECONDS);
            assertThat(readAll(log, 0)).containsExactly("0:a");
        }
    }
}
