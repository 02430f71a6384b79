package io.tributary.broker.persistence;

import io.tributary.broker.retain.RetainedJournal;
import io.tributary.broker.session.SessionJournal;
import io.tributary.concurrent.Daemons;
import io.tributary.storage.log.Durability;
import io.tributary.storage.log.SegmentLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The broker's durable state: every change of a persistent session and of the retained
 * messages is appended to a journal ({@link SegmentLog} in {@code journal/}, group-committed like
 * the integration logs). The journal is compacted by writing a snapshot of the live state
 * ({@code snapshot-<offset>/}, complete only with its last record) after which the journal
 * segments before that offset are deleted. Recovery: the newest complete snapshot, then the
 * journal from its offset; records are absolute, so those both contain apply twice harmlessly.
 */
public final class BrokerJournal implements AutoCloseable {
    /** Writes the live state into a snapshot: every persistent session and every retained message. */
    public interface StateSource {
        void writeState(SessionJournal sessions, RetainedJournal retained);
    }

    private static final Logger log = LoggerFactory.getLogger(BrokerJournal.class);
    private static final long SEGMENT_BYTES = 16L * 1024 * 1024;
    private static final long MIN_COMPACT_BYTES = 64L * 1024 * 1024;
    private static final String SNAPSHOT = "snapshot-";
    private static final String TMP = ".tmp";

    private final Path dir;
    private final Durability durability;
    private final int maxRecordBytes;
    private final JournalWriter writer;
    private final ExecutorService compactor;
    private final AtomicBoolean compacting = new AtomicBoolean();
    private volatile StateSource source;
    private volatile long compactAtBytes = MIN_COMPACT_BYTES;
    private long snapshotOffset = -1;

    private BrokerJournal(Path dir, Durability durability, int maxRecordBytes) throws IOException {
        this.dir = dir;
        this.durability = durability;
        this.maxRecordBytes = maxRecordBytes;
        Files.createDirectories(dir);
        SegmentLog journal = SegmentLog.open(dir.resolve("journal"), "broker-journal", durability, SEGMENT_BYTES,
                maxRecordBytes);
        this.writer = new JournalWriter(journal) {
            @Override
            protected void appended(long offset) {
                if ((offset & 1023) == 0) {
                    compactIfLarge();
                }
            }
        };
        this.compactor = Daemons.worker("broker-journal-compactor");
    }

    /**
     * Opens the journal in {@code dir}.
     *
     * @param durability {@link Durability#FSYNC} or {@link Durability#OS}
     */
    public static BrokerJournal open(Path dir, Durability durability, int maxRecordBytes) {
        try {
            return new BrokerJournal(dir, durability, maxRecordBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the broker journal in " + dir, e);
        }
    }

    /** Reads the newest complete snapshot and the journal after it. Call once, before writing. */
    public BrokerImage recover() {
        BrokerImage image = new BrokerImage();
        long from = writer.log().startOffset();
        try {
            for (Path snapshot : snapshots()) {
                long offset = offsetOf(snapshot);
                BrokerImage candidate = new BrokerImage();
                long complete;
                try (SegmentLog s = SegmentLog.open(snapshot, "broker-snapshot", Durability.OS, Long.MAX_VALUE,
                        maxRecordBytes)) {
                    complete = JournalReader.replay(s, 0, candidate);
                }
                if (complete < 0 || offset < writer.log().startOffset()) {
                    log.warn("Broker journal: snapshot {} is incomplete or does not fit the journal; trying an older one",
                            snapshot.getFileName());
                    continue;
                }
                image = candidate;
                from = offset;
                snapshotOffset = offset;
                break;
            }
            JournalReader.replay(writer.log(), from, image);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the broker journal in " + dir, e);
        }
        compactAtBytes = Math.max(MIN_COMPACT_BYTES, 2 * writer.log().sizeBytes());
        return image;
    }

    /** Where compaction takes the live state from. */
    public void stateSource(StateSource source) {
        this.source = source;
    }

    public SessionJournal sessions() {
        return writer;
    }

    public RetainedJournal retained() {
        return writer;
    }

    /** Completes when the record at {@code offset} is stored as the durability promises. */
    public CompletableFuture<Void> whenDurable(long offset) {
        return writer.log().whenDurable(offset);
    }

    /** Bytes of journal on disk (snapshots not counted). */
    public long journalBytes() {
        return writer.log().sizeBytes();
    }

    /**
     * Writes a snapshot of the live state and deletes the journal before it. Runs on the caller's
     * thread; the broker keeps working meanwhile.
     */
    public synchronized void compact() throws IOException {
        StateSource s = source;
        if (s == null) {
            return;
        }
        long offset = writer.log().roll();
        Path tmp = dir.resolve(SNAPSHOT + offset + TMP);
        SegmentLog.deleteDirectory(tmp);
        long records;
        try (SegmentLog snapshotLog = SegmentLog.open(tmp, "broker-snapshot", durability == Durability.OS
                ? Durability.OS : Durability.FSYNC, Long.MAX_VALUE, maxRecordBytes)) {
            long[] count = {0};
            JournalWriter snapshot = new JournalWriter(snapshotLog) {
                @Override
                protected void appended(long o) {
                    count[0]++;
                }
            };
            s.writeState(snapshot, snapshot);
            records = count[0];
            snapshotLog.whenDurable(snapshot.complete(records)).join();
        }
        Path done = dir.resolve(SNAPSHOT + offset);
        SegmentLog.deleteDirectory(done);
        Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
        for (Path old : snapshots()) {
            if (!old.equals(done)) {
                SegmentLog.deleteDirectory(old);
            }
        }
        snapshotOffset = offset;
        long freed = writer.log().deleteBefore(offset);
        long snapshotBytes = directorySize(done);
        compactAtBytes = Math.max(MIN_COMPACT_BYTES, 2 * (snapshotBytes + writer.log().sizeBytes()));
        log.info("Broker journal compacted: snapshot of {} records ({} bytes) at offset {}, {} journal bytes freed",
                records, snapshotBytes, offset, freed);
    }

    /** Offset of the snapshot in use, or -1. */
    public synchronized long snapshotOffset() {
        return snapshotOffset;
    }

    @Override
    public void close() {
        compactor.shutdown();
        try {
            compactor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.log().close();
    }

    private void compactIfLarge() {
        if (writer.log().sizeBytes() < compactAtBytes || source == null || !compacting.compareAndSet(false, true)) {
            return;
        }
        try {
            compactor.execute(() -> {
                try {
                    compact();
                } catch (IOException | RuntimeException e) {
                    log.error("Broker journal compaction failed (the journal keeps growing until it works): {}",
                            e.toString());
                    compactAtBytes = compactAtBytes * 2;
                } finally {
                    compacting.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            compacting.set(false);
        }
    }

    /** Complete snapshots, newest first; leftovers of an interrupted compaction are deleted. */
    private List<Path> snapshots() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(SNAPSHOT)) {
                    continue;
                }
                if (name.endsWith(TMP)) {
                    SegmentLog.deleteDirectory(p);
                } else {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingLong(BrokerJournal::offsetOf).reversed());
        return out;
    }

    private static long offsetOf(Path snapshot) {
        try {
            return Long.parseLong(snapshot.getFileName().toString().substring(SNAPSHOT.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long directorySize(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            long total = 0;
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    total += Files.size(f);
                }
            }
            return total;
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
