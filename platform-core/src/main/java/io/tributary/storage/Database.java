package io.tributary.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tributary.config.ConfigException;
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
 * The platform's configuration store: by default the SQLite file in {@code data.dir} (opened in WAL
 * mode), or a PostgreSQL database shared by the nodes of a cluster ({@code storage.url}). Applies
 * pending {@link Migrations} (the same set for both engines) and hands out the {@link Jdbi} the
 * repositories use. JDBC stays in the host: plugins never see it.
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
    private final String location;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final int schemaVersion;
    /** The PostgreSQL connection pool, {@code null} for SQLite. */
    private final HikariDataSource pool;
    private volatile boolean closed;

    private Database(Path file, String location, Dialect dialect, Jdbi jdbi, int schemaVersion, HikariDataSource pool) {
        this.file = file;
        this.location = location;
        this.dialect = dialect;
        this.jdbi = jdbi;
        this.schemaVersion = schemaVersion;
        this.pool = pool;
    }

    /**
     * Opens the store {@code options} name: the SQLite file {@code sqliteFile} when its URL is
     * empty, else the PostgreSQL database of its URL.
     *
     * @throws ConfigException naming {@code storage.url} when the URL is neither
     */
    public static Database open(StorageOptions options, Path sqliteFile) {
        if (options.url().isEmpty()) {
            return open(sqliteFile);
        }
        if (!options.url().startsWith(StorageOptions.POSTGRESQL_PREFIX)) {
            throw new ConfigException("storage.url must be empty (the SQLite file in data.dir) or "
                    + "jdbc:postgresql://host:port/database, got '" + options.safeUrl() + "'");
        }
        return openPostgres(options);
    }

    /**
     * Opens the PostgreSQL database of {@code options} through a small pool and migrates it; nodes
     * starting together take turns (an advisory lock), so each step runs once.
     */
    static Database openPostgres(StorageOptions options) {
        // Jdbi opens a handle (a connection) per repository call: without a pool every call would
        // pay a TCP connect, authentication and a backend process. HikariCP is the usual small pool.
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tributary-storage");
        hc.setJdbcUrl(options.url());
        if (!options.user().isEmpty()) {
            hc.setUsername(options.user());
        }
        if (!options.password().isEmpty()) {
            hc.setPassword(options.password());
        }
        hc.setMaximumPoolSize(Math.max(1, options.poolSize()));
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        hc.addDataSourceProperty("ApplicationName", "tributary");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot connect to PostgreSQL at " + options.safeUrl() + ": "
                    + rootMessage(e), e);
        }
        try {
            Jdbi jdbi = Jdbi.create(pool);
            int version = new Migrations(Dialect.POSTGRESQL).migrate(jdbi);
            log.info("Database {} (PostgreSQL) at schema version {}", options.safeUrl(), version);
            return new Database(null, options.safeUrl(), Dialect.POSTGRESQL, jdbi, version, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
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
        int version = new Migrations(Dialect.SQLITE).migrate(jdbi);
        log.info("Database {} at schema version {}", absolute, version);
        return new Database(absolute, absolute.toString(), Dialect.SQLITE, jdbi, version, null);
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

    /** The Jdbi for this store; with SQLite every handle opens its own connection, with PostgreSQL it borrows one. */
    public Jdbi jdbi() {
        if (closed) {
            throw new IllegalStateException("Database " + location + " is closed");
        }
        return jdbi;
    }

    /** False once {@link #close} was called. */
    public boolean isOpen() {
        return !closed;
    }

    /** Absolute path of the SQLite file; {@code null} on PostgreSQL. */
    public Path file() {
        return file;
    }

    /** Which engine it is. */
    public Dialect dialect() {
        return dialect;
    }

    /** True when other nodes may change the store too (PostgreSQL). */
    public boolean shared() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** Schema version after migration. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /**
     * Rewrites the file without free pages and empties the write-ahead log, so that values that
     * were overwritten (e.g. secrets in clear before they were encrypted) are gone from the disk.
     * Nothing on PostgreSQL: its files are the database server's (autovacuum reuses dead rows; a
     * {@code VACUUM FULL} is its operator's call, and it cannot run inside the pool's transactions).
     */
    public void compact() {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        jdbi().useHandle(h -> {
            h.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            h.execute("VACUUM");
            h.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        });
    }

    /**
     * Checkpoints the write-ahead log into the main file (SQLite) or closes the pool (PostgreSQL);
     * the database cannot be used afterwards.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (pool != null) {
            closed = true;
            pool.close();
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
