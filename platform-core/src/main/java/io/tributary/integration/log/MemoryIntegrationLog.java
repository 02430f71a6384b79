package io.tributary.integration.log;

import io.tributary.broker.message.BrokerMessage;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * An integration log in memory ({@code integration.durability=memory}): the same contract,
 * lost with the process. Bytes are an estimate of the heap the messages take.
 */
public final class MemoryIntegrationLog implements IntegrationLog {
    private static final CompletableFuture<Void> STORED = CompletableFuture.completedFuture(null);
    private static final int OVERHEAD = 96;

    private final ArrayDeque<LogRecord> unread = new ArrayDeque<>();
    private final ArrayDeque<LogRecord> read = new ArrayDeque<>();
    private long end;
    private long committed;
    private long readPosition;
    private long bytes;

    @Override
    public synchronized long append(BrokerMessage message) {
        int size = OVERHEAD + message.payload().length + message.topic().length();
        LogRecord r = new LogRecord(end++, message, size);
        unread.add(r);
        bytes += size;
        return r.offset();
    }

    @Override
    public CompletableFuture<Void> whenStored(long offset) {
        return STORED;
    }

    @Override
    public synchronized LogRecord poll() {
        LogRecord r = unread.poll();
        if (r != null) {
            read.add(r);
            readPosition = r.offset() + 1;
        }
        return r;
    }

    @Override
    public synchronized void commit(long offset) {
        while (!read.isEmpty() && read.peek().offset() < offset) {
            bytes -= read.poll().size();
        }
        while (!unread.isEmpty() && unread.peek().offset() < offset) {
            bytes -= unread.poll().size();
        }
        committed = Math.max(committed, offset);
    }

    @Override
    public synchronized void rewind() {
        while (!read.isEmpty()) {
            unread.addFirst(read.pollLast());
        }
        readPosition = committed;
    }

    @Override
    public void maintain() {
        // nothing to persist
    }

    @Override
    public synchronized long committed() {
        return committed;
    }

    @Override
    public synchronized long readPosition() {
        return readPosition;
    }

    @Override
    public synchronized long end() {
        return end;
    }

    @Override
    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public long unreadable() {
        return 0;
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public synchronized long discard() {
        long n = end - committed;
        unread.clear();
        read.clear();
        bytes = 0;
        committed = end;
        return n;
    }
}
