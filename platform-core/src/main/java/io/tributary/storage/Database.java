package io.tributary.storage;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The platform's SQLite database file: opens it in WAL mode, applies pending {@link Migrations}
 * and hands out the {@link Jdbi} the repositories use. JDBC stays in the host: plugins never see it.
 *
 * <pre>{@code
 * try (Database db = Database.open(Path.of("./data/tributary.db"))) {
 *     IntegrationRepository integrations = new IntegrationRepository(db);
 *     ...
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {
    /** Where the database lives unless configured otherwise. */
    public static final Path DEFAULT_PATH = Path.of("data", "tributary.db");

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Jdbi jdbi;
    private final int schemaVersion;
    private volatile boolean closed;

    private Database(Path file, Jdbi jdbi, int schemaVersion) {
        this.file = file;
        this.jdbi = jdbi;
        this.schemaVersion = schemaVersion;
    }

    /**
     * Opens (creating if needed) the database file and its parent directories, then migrates it to
     * the latest schema in one transaction.
     *
     * @throws IllegalStateException when the file was written by a newer version of Tributary
     */
    public static Database open(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of " + absolute, e);
        }
        Jdbi jdbi = Jdbi.create(dataSource(absolute));
        int version = new Migrations().migrate(jdbi);
        log.info("Database {} at schema version {}", absolute, version);
        return new Database(absolute, jdbi, version);
    }

    private static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        // WAL lets the admin API read while the runtime writes events
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // concurrent writers wait for the lock instead of failing with SQLITE_BUSY
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    /** The Jdbi for this file; every handle opens its own SQLite connection. */
    public Jdbi jdbi() {
        if (closed) {
            throw new IllegalStateException("Database " + file + " is closed");
        }
        return jdbi;
    }

    /** False once {@link #close} was called. */
    public boolean isOpen() {
        return !closed;
    }

    /** Absolute path of the database file. */
    public Path file() {
        return file;
    }

    /** Schema version after migration. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /**
     * Rewrites the file without free pages and empties the write-ahead log, so that values that
     * were overwritten (e.g. secrets in clear before they were encrypted) are gone from the disk.
     */
    public void compact() {
        jdbi().useHandle(h -> {
            h.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            h.execute("VACUUM");
            h.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        });
    }

    /** Checkpoints the write-ahead log into the main file; the database cannot be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
        } catch (RuntimeException e) {
            log.warn("WAL checkpoint of {} failed: {}", file, e.toString());
        }
        closed = true;
    }
}
