package io.tributary.bench.logstore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SQLite (sqlite-jdbc) in WAL mode with {@code synchronous=FULL}: a table
 * {@code log(seq INTEGER PRIMARY KEY, data BLOB)}; one writer thread (SQLite has one writer per
 * database anyway) inserts everything pending in one transaction per commit (group commit).
 */
final class SqliteStore implements LogStore {
    private final Connection conn;
    private final PreparedStatement insert;
    private final GroupCommitter committer;

    private SqliteStore(Connection conn, long nextSeq) throws Exception {
        this.conn = conn;
        this.insert = conn.prepareStatement("INSERT INTO log(seq, data) VALUES (?, ?)");
        this.committer = new GroupCommitter("sqlite", nextSeq, this::write);
    }

    static SqliteStore open(Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Connection conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("log.db"));
        try (Statement s = conn.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS log(seq INTEGER PRIMARY KEY, data BLOB NOT NULL)");
        }
        long next = 0;
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT max(seq) FROM log")) {
            if (rs.next()) {
                long max = rs.getLong(1);
                next = rs.wasNull() ? 0 : max + 1;
            }
        }
        conn.setAutoCommit(false);
        return new SqliteStore(conn, next);
    }

    private void write(List<byte[]> records, long firstSeq) throws Exception {
        long seq = firstSeq;
        try {
            for (byte[] r : records) {
                insert.setLong(1, seq++);
                insert.setBytes(2, r);
                insert.executeUpdate();
            }
            conn.commit();
        } catch (Exception e) {
            conn.rollback();
            throw e;
        }
    }

    @Override
    public CompletableFuture<Void> append(byte[] record) {
        return committer.append(record);
    }

    @Override
    public long readAll(RecordSink sink) throws Exception {
        long n = 0;
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT data FROM log ORDER BY seq")) {
            while (rs.next()) {
                byte[] v = rs.getBytes(1);
                sink.accept(v.length, v[0]);
                n++;
            }
        }
        conn.commit(); // end the read transaction so that the WAL can be checkpointed
        return n;
    }

    @Override
    public String durability() {
        return "journal_mode=WAL, synchronous=FULL; one writer thread, one transaction per commit (average "
                + String.format("%.1f", committer.averageBatch()) + " records)";
    }

    @Override
    public void close() throws Exception {
        committer.close();
        insert.close();
        conn.close();
    }
}
