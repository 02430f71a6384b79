package io.tributary.storage.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An append-only log of records in segment files, with group commit.
 *
 * <p>Records get consecutive offsets. Appending copies the record into a pending buffer and
 * returns at once; one flusher thread writes everything pending in one go and, in
 * {@link Durability#FSYNC} mode, fsyncs it, then completes the {@link #whenDurable} futures of
 * the whole batch: many appends share one fsync. Segments are files named by the offset of
 * their first record; whole segments below a position are reclaimed with {@link #deleteBefore}.
 *
 * <p>On disk a record is {@code [int length][int crc32c(payload)][long offset][payload]}; a
 * payload is never empty, so zeros are never a record. In {@link Durability#FSYNC} mode the
 * segment being written is filled with zeros ahead of the writes ({@link #PREALLOCATE_BYTES} at
 * a time, fsynced once), as databases do with their write-ahead logs: the fsync after a batch
 * then overwrites blocks that exist, so it changes neither the file's size nor its block map and
 * the file system has no metadata to journal (no wait behind other files' journal commits); a
 * segment is cut to its records when the next one starts and when the log closes. On open the last
 * segment is scanned: a partial or corrupt tail (a crash mid-write) is truncated and logged with
 * its size, zeros past the records (the preallocated space) are cut silently; the records before
 * them are kept. A corrupt record inside an older segment is reported by the {@link Reader},
 * which continues with the next segment.
 *
 * <p>Thread-safe: any thread may append; one thread at a time should use a given {@link Reader}.
 */
public final class SegmentLog implements AutoCloseable {
    /** Bytes a record takes on disk besides its payload. */
    public static final int RECORD_OVERHEAD = 16;
    /** How far the segment being written is extended beyond its records at a time. */
    static final int PREALLOCATE_BYTES = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PREALLOCATE_BYTES).asReadOnlyBuffer();
    private static final Logger log = LoggerFactory.getLogger(SegmentLog.class);
    private static final String SUFFIX = ".seg";
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final long LOG_ERRORS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path dir;
    private final String name;
    private final boolean fsync;
    private final long segmentBytes;
    private final int maxRecordBytes;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final long truncatedOnOpen;

    // append side, guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition hasData = lock.newCondition();
    private byte[] pending = new byte[64 * 1024];
    private int pendingLength;
    private int[] rollAt = new int[4];
    private long[] rollBase = new long[4];
    private int rolls;
    private long nextOffset;
    private long logicalSegmentSize;
    private long totalBytes;
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean closing;

    // flusher side
    private byte[] writing = new byte[64 * 1024];
    private Segment active;
    private volatile long writtenEnd;
    private volatile long durableEnd;
    private volatile String failure;
    private long closeDeadline;
    private final Thread flusher;

    private SegmentLog(Path dir, String name, Durability durability, long segmentBytes, int maxRecordBytes)
            throws IOException {
        if (durability == Durability.MEMORY) {
            throw new IllegalArgumentException("a segment log is on disk: use FSYNC or OS");
        }
        this.dir = dir;
        this.name = name;
        this.fsync = durability == Durability.FSYNC;
        this.segmentBytes = segmentBytes;
        this.maxRecordBytes = maxRecordBytes;
        Files.createDirectories(dir);
        this.truncatedOnOpen = recover();
        this.flusher = new Thread(this::flushLoop, "log-" + name);
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * Opens the log in {@code dir}, creating it when empty, and recovers its tail.
     *
     * @param name           for thread names and log lines
     * @param segmentBytes   size after which a new segment is started
     * @param maxRecordBytes largest record payload accepted (a longer length on disk is corruption)
     */
    public static SegmentLog open(Path dir, String name, Durability durability, long segmentBytes,
                                  int maxRecordBytes) {
        try {
            return new SegmentLog(dir, name, durability, segmentBytes, maxRecordBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open log " + name + " in " + dir, e);
        }
    }

    /** Bytes of partial or corrupt records cut from the end when the log was opened. */
    public long truncatedOnOpen() {
        return truncatedOnOpen;
    }

    /**
     * Appends one record; never blocks on disk.
     *
     * @return the record's offset
     */
    public long append(byte[] payload, int off, int len) {
        if (len > maxRecordBytes) {
            throw new IllegalArgumentException("record of " + len + " bytes exceeds " + maxRecordBytes);
        }
        if (len == 0) {
            throw new IllegalArgumentException("an empty record cannot be told from preallocated space");
        }
        CRC32C crc = new CRC32C();
        crc.update(payload, off, len);
        int checksum = (int) crc.getValue();
        int size = RECORD_OVERHEAD + len;
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("log " + name + " is closed");
            }
            if (logicalSegmentSize > 0 && logicalSegmentSize + size > segmentBytes) {
                addRoll();
            }
            long offset = nextOffset++;
            ensurePending(size);
            ByteBuffer b = ByteBuffer.wrap(pending, pendingLength, size).order(ByteOrder.BIG_ENDIAN);
            b.putInt(len).putInt(checksum).putLong(offset).put(payload, off, len);
            pendingLength += size;
            logicalSegmentSize += size;
            totalBytes += size;
            hasData.signal();
            return offset;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a new segment at the next offset (unless the current one is empty), so that
     * everything appended from now on can outlive what came before.
     *
     * @return the offset the new segment starts at
     */
    public long roll() {
        lock.lock();
        try {
            if (logicalSegmentSize > 0) {
                addRoll();
            }
            return nextOffset;
        } finally {
            lock.unlock();
        }
    }

    /** Completes when the record at {@code offset} (and every one before it) is stored per the durability mode. */
    public CompletableFuture<Void> whenDurable(long offset) {
        if (offset < durableEnd) {
            return DONE;
        }
        lock.lock();
        try {
            if (offset < durableEnd) {
                return DONE;
            }
            Waiter w = new Waiter(offset);
            waiters.add(w);
            return w.future;
        } finally {
            lock.unlock();
        }
    }

    /** Offset of the oldest record still on disk. */
    public long startOffset() {
        Map.Entry<Long, Segment> first = segments.firstEntry();
        return first == null ? 0 : first.getKey();
    }

    /** Offset the next append gets. */
    public long endOffset() {
        lock.lock();
        try {
            return nextOffset;
        } finally {
            lock.unlock();
        }
    }

    /** Records below this offset are written to the files (readable by a {@link Reader}). */
    public long writtenEnd() {
        return writtenEnd;
    }

    /** Records below this offset are durable. */
    public long durableEnd() {
        return durableEnd;
    }

    /** Bytes on disk, including records appended and not yet written. */
    public long sizeBytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The last write or fsync error while it persists, else {@code null}. */
    public String failure() {
        return failure;
    }

    /** A reader positioned at {@code offset} (or at the oldest record, when that is later). */
    public Reader reader(long offset) throws IOException {
        Reader r = new Reader();
        r.seek(offset);
        return r;
    }

    /**
     * Deletes the segments whose records all lie below {@code offset}; the newest segment stays.
     *
     * @return bytes freed
     */
    public long deleteBefore(long offset) {
        long freed = 0;
        while (true) {
            Map.Entry<Long, Segment> first = segments.firstEntry();
            Map.Entry<Long, Segment> second = first == null ? null : segments.higherEntry(first.getKey());
            if (second == null || second.getKey() > offset) {
                break;
            }
            Segment s = first.getValue();
            segments.remove(first.getKey());
            freed += s.size;
            s.closeQuietly();
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                log.warn("Log {}: cannot delete {}: {}", name, s.path, e.toString());
            }
        }
        if (freed > 0) {
            lock.lock();
            try {
                totalBytes -= freed;
            } finally {
                lock.unlock();
            }
        }
        return freed;
    }

    /** Writes what is pending, stops the flusher and closes the files. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            hasData.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!flusher.isAlive()) {
            try {
                active.cutToRecords(fsync);
            } catch (IOException e) {
                log.warn("Log {}: cannot cut {} to its records: {}", name, active.path, e.toString());
            }
        }
        segments.values().forEach(Segment::closeQuietly);
    }

    /** Deletes a closed log's directory and everything in it. */
    public static void deleteDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---- recovery

    private long recover() throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX)).forEach(n -> {
                try {
                    bases.add(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    log.warn("Log {}: ignoring unexpected file {}", name, n);
                }
            });
        }
        bases.sort(Long::compare);
        if (bases.isEmpty()) {
            bases.add(0L);
            Segment s = Segment.create(dir.resolve(fileName(0)), 0);
            segments.put(0L, s);
            syncDirectory();
        } else {
            for (int i = 0; i < bases.size(); i++) {
                long base = bases.get(i);
                segments.put(base, Segment.open(dir.resolve(fileName(base)), base, i == bases.size() - 1));
            }
        }
        Segment last = segments.lastEntry().getValue();
        long[] scan = scan(last);
        long truncated = 0;
        if (last.size > scan[0]) {
            truncated = written(last, scan[0]) - scan[0];
            last.channel.truncate(scan[0]);
            last.channel.force(true);
            last.size = scan[0];
            last.allocated = scan[0];
        }
        if (truncated > 0) {
            log.warn("Log {}: truncated {} bytes of a partial or corrupt record at the end of {}; "
                    + "{} good records kept in that segment", name, truncated, last.path.getFileName(), scan[1]);
        }
        nextOffset = last.base + scan[1];
        writtenEnd = nextOffset;
        durableEnd = nextOffset;
        logicalSegmentSize = last.size;
        active = last;
        for (Segment s : segments.values()) {
            totalBytes += s.size;
        }
        return truncated;
    }

    /** Valid length of a segment and its record count: stops at the first bad record. */
    private long[] scan(Segment s) throws IOException {
        Reader r = new Reader();
        r.segment = s;
        r.position = 0;
        r.offset = s.base;
        long count = 0;
        while (r.validRecordAt() >= 0) {
            r.position += RECORD_OVERHEAD + r.payloadLength;
            r.offset++;
            count++;
        }
        return new long[]{r.position, count};
    }

    /** End of the last non-zero byte of a segment from {@code from}: past it lies preallocated space. */
    private static long written(Segment s, long from) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long end = from;
        long at = from;
        while (at < s.size) {
            b.clear();
            int read = s.channel.read(b, at);
            if (read <= 0) {
                break;
            }
            for (int i = read - 1; i >= 0; i--) {
                if (b.get(i) != 0) {
                    end = at + i + 1;
                    break;
                }
            }
            at += read;
        }
        return end;
    }

    // ---- append helpers (under lock)

    private void addRoll() {
        if (rolls == rollAt.length) {
            rollAt = Arrays.copyOf(rollAt, rolls * 2);
            rollBase = Arrays.copyOf(rollBase, rolls * 2);
        }
        rollAt[rolls] = pendingLength;
        rollBase[rolls] = nextOffset;
        rolls++;
        logicalSegmentSize = 0;
    }

    private void ensurePending(int size) {
        if (pendingLength + size > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + size));
        }
    }

    // ---- flusher

    private void flushLoop() {
        int[] batchRollAt = new int[4];
        long[] batchRollBase = new long[4];
        while (true) {
            int length;
            int batchRolls;
            long end;
            lock.lock();
            try {
                while (pendingLength == 0 && !closing) {
                    hasData.awaitUninterruptibly();
                }
                if (pendingLength == 0) {
                    return;
                }
                byte[] full = pending;
                pending = writing;
                writing = full;
                length = pendingLength;
                pendingLength = 0;
                batchRolls = rolls;
                if (batchRollAt.length < rolls) {
                    batchRollAt = new int[rollAt.length];
                    batchRollBase = new long[rollAt.length];
                }
                System.arraycopy(rollAt, 0, batchRollAt, 0, rolls);
                System.arraycopy(rollBase, 0, batchRollBase, 0, rolls);
                rolls = 0;
                end = nextOffset;
            } finally {
                lock.unlock();
            }
            writeBatch(writing, length, batchRollAt, batchRollBase, batchRolls, end);
            completeWaiters();
        }
    }

    /** Writes one batch, retrying (the same bytes at the same positions) until it is stored. */
    private void writeBatch(byte[] data, int length, int[] rollAtPos, long[] rollBases, int rollCount, long end) {
        Segment start = active;
        long startPosition = start.size;
        long backoff = 100;
        long lastLogged = 0;
        while (true) {
            try {
                Segment seg = start;
                long position = startPosition;
                int from = 0;
                for (int i = 0; i < rollCount; i++) {
                    position = write(seg, position, data, from, rollAtPos[i]);
                    seg.size = position;
                    seg.cutToRecords(false);
                    if (fsync) {
                        seg.channel.force(false);
                    }
                    seg = roll(rollBases[i]);
                    position = 0;
                    from = rollAtPos[i];
                }
                position = write(seg, position, data, from, length);
                seg.size = position;
                active = seg;
                writtenEnd = end;
                if (fsync) {
                    seg.channel.force(false);
                }
                durableEnd = end;
                if (failure != null) {
                    log.info("Log {}: writing works again", name);
                    failure = null;
                }
                return;
            } catch (IOException e) {
                failure = e.toString();
                long now = System.nanoTime();
                if (now - lastLogged > LOG_ERRORS_EVERY_NANOS) {
                    lastLogged = now;
                    log.error("Log {}: cannot write to {}: {} (retrying; publishers wait)", name, dir, e.toString());
                }
                if (closingAndGivingUp(now)) {
                    return;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private boolean closingAndGivingUp(long now) {
        lock.lock();
        try {
            if (!closing) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        if (closeDeadline == 0) {
            closeDeadline = now + TimeUnit.SECONDS.toNanos(10);
        }
        if (now > closeDeadline) {
            log.error("Log {}: closing with records that could not be written", name);
            return true;
        }
        return false;
    }

    private long write(Segment seg, long position, byte[] data, int from, int to) throws IOException {
        if (fsync && position + (to - from) > seg.allocated) {
            seg.preallocate(Math.max(position + (to - from), Math.min(position + (to - from) + PREALLOCATE_BYTES,
                    segmentBytes)));
        }
        ByteBuffer b = ByteBuffer.wrap(data, from, to - from);
        while (b.hasRemaining()) {
            position += seg.channel.write(b, position);
        }
        return position;
    }

    private Segment roll(long base) throws IOException {
        Segment existing = segments.get(base);
        if (existing != null) {
            return existing; // a retry of a batch that already created it
        }
        Segment s = Segment.create(dir.resolve(fileName(base)), base);
        if (fsync) {
            syncDirectory();
        }
        segments.put(base, s);
        return s;
    }

    private void completeWaiters() {
        List<Waiter> done = null;
        long durable = durableEnd;
        lock.lock();
        try {
            for (int i = waiters.size() - 1; i >= 0; i--) {
                Waiter w = waiters.get(i);
                if (w.offset < durable) {
                    if (done == null) {
                        done = new ArrayList<>();
                    }
                    done.add(w);
                    waiters.set(i, waiters.get(waiters.size() - 1));
                    waiters.remove(waiters.size() - 1);
                }
            }
        } finally {
            lock.unlock();
        }
        if (done != null) {
            done.sort((a, b) -> Long.compare(a.offset, b.offset));
            for (Waiter w : done) {
                w.future.complete(null);
            }
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String fileName(long base) {
        return String.format("%020d%s", base, SUFFIX);
    }

    private record Waiter(long offset, CompletableFuture<Void> future) {
        Waiter(long offset) {
            this(offset, new CompletableFuture<>());
        }
    }

    private static final class Segment {
        final Path path;
        final long base;
        final FileChannel channel;
        /** End of the records (what readers may read). */
        volatile long size;
        /** Length of the file: records, then zeros (flusher only). */
        long allocated;

        private Segment(Path path, long base, FileChannel channel, long size) {
            this.path = path;
            this.base = base;
            this.channel = channel;
            this.size = size;
            this.allocated = size;
        }

        /** Writes zeros from the end of the file up to {@code length} and makes them durable. */
        void preallocate(long length) throws IOException {
            long at = Math.max(allocated, size);
            while (at < length) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), length - at));
                at += channel.write(zeros, at);
            }
            channel.force(true);
            allocated = length;
        }

        /** Cuts the preallocated zeros off: the file ends with its last record. */
        void cutToRecords(boolean force) throws IOException {
            if (allocated > size) {
                channel.truncate(size);
                allocated = size;
                if (force) {
                    channel.force(true);
                }
            }
        }

        static Segment create(Path path, long base) throws IOException {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new Segment(path, base, ch, ch.size());
        }

        static Segment open(Path path, long base, boolean writable) throws IOException {
            FileChannel ch = writable
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
            return new Segment(path, base, ch, ch.size());
        }

        void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }

    /** Decodes one record's payload from a buffer positioned at it (limit at its end). */
    @FunctionalInterface
    public interface RecordDecoder<T> {
        T decode(long offset, ByteBuffer payload);
    }

    /** Reads records in offset order; sees what the flusher has written. */
    public final class Reader {
        private Segment segment;
        private long position;
        private long offset;
        private long skipped;
        private int payloadLength;
        private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private long bufferStart = -1;
        private Segment bufferSegment;

        private Reader() {
        }

        /** Offset of the record {@link #next} returns. */
        public long offset() {
            return offset;
        }

        /** Records that could not be read (corrupt inside an older segment) and were passed over. */
        public long skipped() {
            return skipped;
        }

        void seek(long target) throws IOException {
            Map.Entry<Long, Segment> e = segments.floorEntry(target);
            if (e == null) {
                e = segments.firstEntry();
            }
            segment = e.getValue();
            position = 0;
            offset = segment.base;
            while (offset < target && next((o, b) -> Boolean.TRUE) != null) {
                // skip records below the target
            }
        }

        /** The next record decoded by {@code decoder}, or {@code null} when none is written yet. */
        public <T> T next(RecordDecoder<T> decoder) throws IOException {
            while (true) {
                // look for a following segment before reading the size: once one exists, the size is final
                Map.Entry<Long, Segment> following = segments.higherEntry(segment.base);
                long size = segment.size;
                if (position + RECORD_OVERHEAD > size) {
                    if (following == null) {
                        return null;
                    }
                    moveTo(following.getValue());
                    continue;
                }
                int at = validRecordAt();
                if (at < 0) {
                    if (following == null) {
                        throw new IOException("Corrupt record at offset " + offset + " in " + segment.path
                                + " (the segment being written)");
                    }
                    if (offset == following.getKey()) {
                        // zeros left past the last record (preallocated, not cut before a machine crash)
                        moveTo(following.getValue());
                        continue;
                    }
                    log.error("Log {}: corrupt record at offset {} in {}; {} records of that segment cannot be read",
                            name, offset, segment.path.getFileName(), following.getKey() - offset);
                    moveTo(following.getValue());
                    continue;
                }
                ByteBuffer payload = buffer.duplicate();
                payload.position(at).limit(at + payloadLength);
                T value = decoder.decode(offset, payload.slice());
                position += RECORD_OVERHEAD + payloadLength;
                offset++;
                return value;
            }
        }

        private void moveTo(Segment next) {
            if (offset < next.base) {
                long lost = next.base - offset;
                skipped += lost;
                log.error("Log {}: {} records before offset {} are missing from {}", name, lost, next.base,
                        segment.path.getFileName());
            }
            segment = next;
            position = 0;
            offset = next.base;
        }

        /**
         * Checks the record at {@link #position}; sets {@link #payloadLength}.
         *
         * @return the payload's index in {@link #buffer}, or -1 when the record is partial or corrupt
         */
        int validRecordAt() throws IOException {
            long limit = segment.size;
            if (position + RECORD_OVERHEAD > limit || !fill(position, RECORD_OVERHEAD, limit)) {
                return -1;
            }
            int idx = (int) (position - bufferStart);
            int len = buffer.getInt(idx);
            int crc = buffer.getInt(idx + 4);
            long off = buffer.getLong(idx + 8);
            if (len <= 0 || len > maxRecordBytes || off != offset || position + RECORD_OVERHEAD + len > limit) {
                return -1;
            }
            if (!fill(position, RECORD_OVERHEAD + len, limit)) {
                return -1;
            }
            idx = (int) (position - bufferStart);
            CRC32C c = new CRC32C();
            ByteBuffer p = buffer.duplicate();
            p.position(idx + RECORD_OVERHEAD).limit(idx + RECORD_OVERHEAD + len);
            c.update(p);
            if ((int) c.getValue() != crc) {
                return -1;
            }
            payloadLength = len;
            return idx + RECORD_OVERHEAD;
        }

        /** Makes bytes [from, from + n) of the current segment available in the buffer. */
        private boolean fill(long from, int n, long limit) throws IOException {
            if (bufferSegment == segment && from >= bufferStart && from + n <= bufferStart + buffer.limit()) {
                return true;
            }
            if (buffer.capacity() < n) {
                buffer = ByteBuffer.allocate(Math.max(n, buffer.capacity() * 2));
            }
            buffer.clear();
            long readable = Math.min(limit - from, buffer.capacity());
            buffer.limit((int) readable);
            long at = from;
            while (buffer.hasRemaining()) {
                int read = segment.channel.read(buffer, at);
                if (read < 0) {
                    break;
                }
                at += read;
            }
            buffer.flip();
            bufferStart = from;
            bufferSegment = segment;
            return buffer.limit() >= n;
        }
    }
}
