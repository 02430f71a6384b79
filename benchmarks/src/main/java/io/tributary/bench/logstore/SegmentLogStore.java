package io.tributary.bench.logstore;

import io.tributary.storage.log.Durability;
import io.tributary.storage.log.SegmentLog;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * platform-core's own {@link SegmentLog}, configured as an integration log is by default
 * (64 MiB segments: an eighth of the default 512 MiB {@code integration.max-bytes}).
 */
final class SegmentLogStore implements LogStore {
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final SegmentLog log;
    private final Durability durability;

    private SegmentLogStore(SegmentLog log, Durability durability) {
        this.log = log;
        this.durability = durability;
    }

    static SegmentLogStore open(Path dir, Durability durability) {
        return new SegmentLogStore(SegmentLog.open(dir, "bench", durability, SEGMENT_BYTES, MAX_RECORD_BYTES),
                durability);
    }

    @Override
    public CompletableFuture<Void> append(byte[] record) {
        return log.whenDurable(log.append(record, 0, record.length));
    }

    @Override
    public long readAll(RecordSink sink) throws Exception {
        SegmentLog.Reader reader = log.reader(log.startOffset());
        long n = 0;
        while (reader.next((offset, payload) -> {
            sink.accept(payload.remaining(), payload.get(payload.position()));
            return Boolean.TRUE;
        }) != null) {
            n++;
        }
        if (reader.skipped() > 0) {
            throw new IllegalStateException(reader.skipped() + " records could not be read");
        }
        return n;
    }

    @Override
    public String durability() {
        return durability == Durability.FSYNC
                ? "group commit: one flusher thread writes each batch and fsyncs it (FileChannel.force(false))"
                : "group commit: written to the OS (page cache), no fsync";
    }

    @Override
    public void close() {
        log.close();
    }
}
