package io.tributary.bench.logstore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for stores without one of their own: appenders queue records and get a future;
 * one writer thread takes everything queued, hands it to {@link BatchWriter} as one batch (one
 * synchronous commit), then completes the batch's futures. The same shape as SegmentLog's
 * flusher, so that every candidate shares fsyncs between concurrent appenders.
 */
final class GroupCommitter implements AutoCloseable {
    /** Writes and syncs one batch; {@code firstSeq} is the sequence number of {@code records.get(0)}. */
    @FunctionalInterface
    interface BatchWriter {
        void write(List<byte[]> records, long firstSeq) throws Exception;
    }

    private final BatchWriter writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasData = lock.newCondition();
    private final Thread thread;
    private List<byte[]> records = new ArrayList<>();
    private List<CompletableFuture<Void>> futures = new ArrayList<>();
    private long nextSeq;
    private boolean closing;
    private long batches;
    private long batchedRecords;

    GroupCommitter(String name, long firstSeq, BatchWriter writer) {
        this.writer = writer;
        this.nextSeq = firstSeq;
        this.thread = new Thread(this::loop, "commit-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    CompletableFuture<Void> append(byte[] record) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("closed");
            }
            records.add(record);
            futures.add(f);
            nextSeq++;
            hasData.signal();
        } finally {
            lock.unlock();
        }
        return f;
    }

    /** Average records per commit so far. */
    double averageBatch() {
        lock.lock();
        try {
            return batches == 0 ? 0 : (double) batchedRecords / batches;
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        List<byte[]> spareRecords = new ArrayList<>();
        List<CompletableFuture<Void>> spareFutures = new ArrayList<>();
        while (true) {
            List<byte[]> batch;
            List<CompletableFuture<Void>> done;
            long first;
            lock.lock();
            try {
                while (records.isEmpty() && !closing) {
                    hasData.awaitUninterruptibly();
                }
                if (records.isEmpty()) {
                    return;
                }
                batch = records;
                done = futures;
                records = spareRecords;
                futures = spareFutures;
                first = nextSeq - batch.size();
                batches++;
                batchedRecords += batch.size();
            } finally {
                lock.unlock();
            }
            Throwable error = null;
            try {
                writer.write(batch, first);
            } catch (Throwable e) {
                error = e;
            }
            for (CompletableFuture<Void> f : done) {
                if (error == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(error);
                }
            }
            batch.clear();
            done.clear();
            spareRecords = batch;
            spareFutures = done;
        }
    }

    /** Commits what is queued and stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            hasData.signalAll();
        } finally {
            lock.unlock();
        }
        thread.join();
    }
}
