package io.tributary.bench.logstore;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * RocksDB (rocksdbjni) with its write-ahead log and {@code WriteOptions.setSync(true)}: keys are
 * big-endian sequence numbers (so iteration order is append order), values the records. One
 * writer thread puts everything pending into one {@link WriteBatch} per synced write (group
 * commit). Options are RocksDB's defaults apart from creating the database.
 */
final class RocksDbStore implements LogStore {
    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final GroupCommitter committer;

    private RocksDbStore(Options options, RocksDB db, long nextSeq) {
        this.options = options;
        this.db = db;
        this.writeOptions = new WriteOptions().setSync(true);
        this.committer = new GroupCommitter("rocksdb", nextSeq, this::write);
    }

    static RocksDbStore open(Path dir) throws Exception {
        RocksDB.loadLibrary();
        Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.toString());
        long next = 0;
        try (RocksIterator it = db.newIterator()) {
            it.seekToLast();
            if (it.isValid()) {
                next = ByteBuffer.wrap(it.key()).getLong() + 1;
            }
        }
        return new RocksDbStore(options, db, next);
    }

    private void write(List<byte[]> records, long firstSeq) throws Exception {
        try (WriteBatch batch = new WriteBatch()) {
            long seq = firstSeq;
            for (byte[] r : records) {
                batch.put(key(seq++), r);
            }
            db.write(writeOptions, batch);
        }
    }

    private static byte[] key(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    @Override
    public CompletableFuture<Void> append(byte[] record) {
        return committer.append(record);
    }

    @Override
    public long readAll(RecordSink sink) {
        long n = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] v = it.value();
                sink.accept(v.length, v[0]);
                n++;
            }
        }
        return n;
    }

    @Override
    public String durability() {
        return "WAL with WriteOptions.setSync(true); one writer thread, one WriteBatch per sync (average "
                + String.format("%.1f", committer.averageBatch()) + " records); compression "
                + options.compressionType();
    }

    @Override
    public void close() throws Exception {
        committer.close();
        db.closeE();
        writeOptions.close();
        options.close();
    }
}
