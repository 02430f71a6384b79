package io.tributary.bench.logstore;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One candidate storage for the durable per-integration log, behind the few operations the
 * broker needs: append a record and learn when it is stored, then after a restart read every
 * record from the first. Each implementation is used as its authors intend for durable appends
 * (group commit where the store offers it, or a writer thread batching where it does not).
 */
interface LogStore extends AutoCloseable {
    /** The candidates in the order the scenario runs them. */
    List<String> ALL = List.of("segmentlog-fsync", "segmentlog-os", "rocksdb", "sqlite", "chronicle",
            "chronicle-1w", "chronicle-1w-msync", "chronicle-sync");

    /**
     * Appends one record (the array is not modified nor kept after the future completes).
     *
     * @return completes when the record is stored per this candidate's durability; never blocks on disk
     *         itself, except where the store has no asynchronous path (Chronicle writes inline)
     */
    CompletableFuture<Void> append(byte[] record);

    /** Reads every record from the first in order, handing each one's length to {@code sink}; returns the count. */
    long readAll(RecordSink sink) throws Exception;

    /** What "stored" means for this candidate, for the report. */
    String durability();

    /** Releases files and threads; pending appends are completed first. */
    @Override
    void close() throws Exception;

    /** Receives records while reading. */
    @FunctionalInterface
    interface RecordSink {
        void accept(int length, byte firstByte);
    }

    /** Opens (creating) the candidate {@code name} in {@code dir}. */
    static LogStore open(String name, Path dir) throws Exception {
        return switch (name) {
            case "segmentlog-fsync" -> SegmentLogStore.open(dir, io.tributary.storage.log.Durability.FSYNC);
            case "segmentlog-os" -> SegmentLogStore.open(dir, io.tributary.storage.log.Durability.OS);
            case "rocksdb" -> RocksDbStore.open(dir);
            case "sqlite" -> SqliteStore.open(dir);
            case "chronicle" -> ChronicleStore.open(dir, false, false);
            case "chronicle-sync" -> ChronicleStore.open(dir, true, false);
            case "chronicle-1w" -> ChronicleStore.open(dir, false, true);
            case "chronicle-1w-msync" -> ChronicleStore.open(dir, true, true);
            default -> throw new IllegalArgumentException("unknown store '" + name + "'; one of " + ALL);
        };
    }
}
