package io.tributary.bench.logstore;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Chronicle Queue (open-source edition): records are written into memory-mapped files. Without
 * msync a record counts as stored once it is in the mapping, i.e. in the OS page cache: it
 * survives kill -9, not a power cut or kernel crash. Chronicle's optional sync is
 * {@link SyncMode#SYNC} plus {@code ExcerptAppender.sync()}: an {@code msync(MS_SYNC)} of the
 * mapped range up to the appender's position.
 *
 * <p>Two ways to append from many threads:
 * <ul>
 *   <li>per thread ({@code chronicle}, {@code chronicle-sync}): each appending thread has its
 *   own appender, as Chronicle's documentation shows; the queue's write lock serialises them,
 *   and with sync each thread msyncs after its own write;</li>
 *   <li>one writer ({@code chronicle-1w}, {@code chronicle-1w-msync}): appends are queued to one
 *   writer thread (the same group commit as RocksDB and SQLite get), which writes the batch and,
 *   with msync, syncs once per batch.</li>
 * </ul>
 */
final class ChronicleStore implements LogStore {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final SingleChronicleQueue queue;
    private final boolean sync;
    private final ThreadLocal<ExcerptAppender> appender;
    private final GroupCommitter committer;

    private ChronicleStore(SingleChronicleQueue queue, boolean sync, boolean oneWriter) {
        this.queue = queue;
        this.sync = sync;
        this.appender = ThreadLocal.withInitial(queue::createAppender);
        this.committer = oneWriter ? new GroupCommitter("chronicle", 0, this::writeBatch) : null;
    }

    static ChronicleStore open(Path dir, boolean sync, boolean oneWriter) {
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
                .syncMode(sync ? SyncMode.SYNC : SyncMode.NONE)
                .build();
        return new ChronicleStore(queue, sync, oneWriter);
    }

    @Override
    public CompletableFuture<Void> append(byte[] record) {
        if (committer != null) {
            return committer.append(record);
        }
        ExcerptAppender a = appender.get();
        a.writeBytes(Bytes.wrapForRead(record));
        if (sync) {
            a.sync();
        }
        return DONE;
    }

    private void writeBatch(List<byte[]> records, long firstSeq) {
        ExcerptAppender a = appender.get();
        for (byte[] r : records) {
            a.writeBytes(Bytes.wrapForRead(r));
        }
        if (sync) {
            a.sync();
        }
    }

    @Override
    public long readAll(RecordSink sink) {
        long n = 0;
        Bytes<?> buf = Bytes.allocateElasticOnHeap(1024);
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.toStart();
            while (tailer.readBytes(buf)) {
                sink.accept((int) buf.readRemaining(), buf.readByte(buf.readPosition()));
                buf.clear();
                n++;
            }
        } finally {
            buf.releaseLast();
        }
        return n;
    }

    @Override
    public String durability() {
        if (committer != null) {
            return "one writer thread, one appender, average " + String.format("%.1f", committer.averageBatch())
                    + " records per batch; " + (sync ? "SyncMode.SYNC, ExcerptAppender.sync() (msync) once per batch"
                    : "written into the memory-mapped file (OS page cache), no msync");
        }
        return "one appender per appending thread (the queue's write lock serialises them); " + (sync
                ? "SyncMode.SYNC, ExcerptAppender.sync() (msync) after each write"
                : "written into the memory-mapped file (OS page cache), no msync");
    }

    @Override
    public void close() throws Exception {
        if (committer != null) {
            committer.close();
        }
        queue.close();
    }
}
