package io.tributary.integration.log;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.MessageCodec;
import io.tributary.broker.message.RecordBuffer;
import io.tributary.storage.log.Durability;
import io.tributary.storage.log.SegmentLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * An integration's log in segment files under its own directory, with the committed offset in
 * a small {@code cursor} file beside them.
 *
 * <p>Recently appended records are also kept in memory (up to a byte budget) so that a healthy
 * integration reads them without touching the files; a backlog beyond the budget (an outage)
 * is read back from the files, so the heap stays bounded whatever the backlog.
 *
 * <p>The cursor is written at most every {@value #CURSOR_WRITE_MILLIS} ms without fsync (kill -9
 * cannot lose it; a power cut can make it older, which only means more messages re-sent), and
 * before segments below it are deleted.
 */
public final class LocalIntegrationLog implements IntegrationLog {
    static final long CURSOR_WRITE_MILLIS = 200;
    private static final Logger log = LoggerFactory.getLogger(LocalIntegrationLog.class);
    private static final String CURSOR = "cursor";
    private static final ThreadLocal<RecordBuffer> ENCODER = ThreadLocal.withInitial(() -> new RecordBuffer(512));

    private final Path dir;
    private final String name;
    private final SegmentLog segments;
    private final FileChannel cursorFile;
    private final long cacheLimit;

    // guarded by this
    private final ArrayDeque<LogRecord> cache = new ArrayDeque<>();
    private long cacheBytes;
    private boolean caching = true;
    private long end;

    // consumer side
    private volatile long committed;
    private volatile long readPosition;
    private SegmentLog.Reader reader;
    private long persistedCursor = -1;
    private long cursorWrittenAt;
    private long reclaimedBelow;

    private LocalIntegrationLog(Path dir, String name, SegmentLog segments, FileChannel cursorFile, long cacheLimit)
            throws IOException {
        this.dir = dir;
        this.name = name;
        this.segments = segments;
        this.cursorFile = cursorFile;
        this.cacheLimit = cacheLimit;
        this.end = segments.endOffset();
        long stored = readCursor();
        long start = segments.startOffset();
        long c = Math.max(start, Math.min(stored < 0 ? start : stored, end));
        if (stored > end) {
            log.warn("Integration log {}: cursor {} is past the end {} (records lost at a crash were delivered)",
                    name, stored, end);
        }
        this.committed = c;
        this.persistedCursor = stored;
        this.readPosition = c;
        this.reclaimedBelow = start;
    }

    /**
     * Opens (creating) the log in {@code dir}.
     *
     * @param segmentBytes   size of one segment file
     * @param maxRecordBytes largest encoded message
     * @param cacheBytes     memory for recently appended records
     */
    public static LocalIntegrationLog open(Path dir, String name, Durability durability, long segmentBytes,
                                           int maxRecordBytes, long cacheBytes) {
        SegmentLog segments = SegmentLog.open(dir, "integration-" + name, durability, segmentBytes, maxRecordBytes);
        try {
            FileChannel cursor = FileChannel.open(dir.resolve(CURSOR), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new LocalIntegrationLog(dir, name, segments, cursor, cacheBytes);
        } catch (IOException e) {
            segments.close();
            throw new UncheckedIOException("Cannot open the cursor of integration log " + name, e);
        }
    }

    /** Bytes cut from a partial or corrupt end when the log was opened. */
    public long truncatedOnOpen() {
        return segments.truncatedOnOpen();
    }

    @Override
    public synchronized long append(BrokerMessage message) {
        RecordBuffer buf = ENCODER.get().reset();
        MessageCodec.encode(message, buf);
        long offset = segments.append(buf.array(), 0, buf.length());
        int size = buf.length() + SegmentLog.RECORD_OVERHEAD;
        end = offset + 1;
        if (caching) {
            if (cacheBytes + size <= cacheLimit) {
                cache.add(new LogRecord(offset, message, size));
                cacheBytes += size;
            } else {
                caching = false; // from here on the reader goes to the files until it catches up
            }
        }
        return offset;
    }

    @Override
    public CompletableFuture<Void> whenStored(long offset) {
        return segments.whenDurable(offset);
    }

    @Override
    public LogRecord poll() {
        synchronized (this) {
            LogRecord head = cache.peek();
            while (head != null && head.offset() < readPosition) {
                // read from the files already (after a rewind the cache may hold records behind us)
                cache.poll();
                cacheBytes -= head.size();
                head = cache.peek();
            }
            if (head != null && head.offset() == readPosition) {
                cache.poll();
                cacheBytes -= head.size();
                readPosition++;
                return head;
            }
            if (readPosition >= end) {
                if (cache.isEmpty()) {
                    caching = true; // caught up: new records can be served from memory again
                }
                return null;
            }
        }
        if (readPosition >= segments.writtenEnd()) {
            return null; // appended, not yet in the files: the flusher is about to write it
        }
        try {
            if (reader == null || reader.offset() != readPosition) {
                reader = segments.reader(readPosition);
            }
            long skippedBefore = reader.skipped();
            LogRecord r = reader.next((offset, payload) -> {
                int size = payload.remaining() + SegmentLog.RECORD_OVERHEAD;
                return new LogRecord(offset, MessageCodec.decode(payload), size);
            });
            if (r == null) {
                if (reader.offset() > readPosition) {
                    readPosition = reader.offset(); // passed over unreadable records
                }
                return null;
            }
            if (reader.skipped() > skippedBefore) {
                log.error("Integration log {}: {} unreadable records passed over", name,
                        reader.skipped() - skippedBefore);
            }
            readPosition = r.offset() + 1;
            return r;
        } catch (IOException | RuntimeException e) {
            reader = null;
            throw new LogReadException("Cannot read integration log " + name + " at offset " + readPosition, e);
        }
    }

    @Override
    public void commit(long offset) {
        if (offset > committed) {
            committed = offset;
        }
    }

    @Override
    public void rewind() {
        readPosition = committed;
        reader = null;
    }

    @Override
    public void maintain() {
        long c = committed;
        long now = System.currentTimeMillis();
        if (c != persistedCursor && now - cursorWrittenAt >= CURSOR_WRITE_MILLIS) {
            writeCursor(c, false);
            cursorWrittenAt = now;
        }
        if (c > reclaimedBelow && persistedCursor == c) {
            segments.deleteBefore(c);
            reclaimedBelow = c;
        }
    }

    @Override
    public long committed() {
        return committed;
    }

    @Override
    public long readPosition() {
        return readPosition;
    }

    @Override
    public synchronized long end() {
        return end;
    }

    @Override
    public long bytes() {
        return segments.sizeBytes();
    }

    @Override
    public long unreadable() {
        SegmentLog.Reader r = reader;
        return r == null ? 0 : r.skipped();
    }

    /** The last write error of the files while it persists, else {@code null}. */
    public String failure() {
        return segments.failure();
    }

    @Override
    public void close() {
        segments.close();
        if (committed != persistedCursor) {
            writeCursor(committed, true);
        }
        try {
            cursorFile.close();
        } catch (IOException e) {
            log.warn("Integration log {}: closing the cursor failed: {}", name, e.toString());
        }
    }

    @Override
    public long discard() {
        long discarded = messages();
        segments.close();
        try {
            cursorFile.close();
            SegmentLog.deleteDirectory(dir);
        } catch (IOException e) {
            log.warn("Integration log {}: could not delete {}: {}", name, dir, e.toString());
        }
        return discarded;
    }

    private long readCursor() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12);
        while (b.hasRemaining() && cursorFile.read(b, b.position()) > 0) {
            // read it all
        }
        if (b.position() < 12) {
            return -1;
        }
        long value = b.getLong(0);
        if (b.getInt(8) != checksum(value)) {
            log.warn("Integration log {}: the cursor file is damaged; delivering again from the oldest record", name);
            return -1;
        }
        return value;
    }

    private void writeCursor(long value, boolean force) {
        ByteBuffer b = ByteBuffer.allocate(12).putLong(value).putInt(checksum(value)).flip();
        try {
            while (b.hasRemaining()) {
                cursorFile.write(b, b.position());
            }
            if (force) {
                cursorFile.force(false);
            }
            persistedCursor = value;
        } catch (IOException e) {
            log.warn("Integration log {}: cannot write the cursor: {}", name, e.toString());
        }
    }

    private static int checksum(long value) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(8).putLong(0, value));
        return (int) c.getValue();
    }
}
