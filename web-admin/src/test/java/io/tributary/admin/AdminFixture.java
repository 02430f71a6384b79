package io.tributary.admin;

import io.tributary.admin.auth.AdminCredentials;
import io.tributary.broker.acl.MqttAcl;
import io.tributary.broker.auth.MqttUsers;
import io.tributary.broker.auth.PasswordHasher;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.storage.Database;
import io.tributary.storage.IntegrationRepository;
import io.tributary.storage.SqliteDeadLetterStore;
import io.tributary.storage.SqliteEventSink;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The admin as the platform wires it, on a real SQLite file, with an in-test catalog and runtime:
 * Database → repositories (dead letters too) → IntegrationService → AdminServer on a free port.
 */
public final class AdminFixture implements AutoCloseable {
    public static final String USER = "admin";
    public static final String PASSWORD = "test-admin-password";

    public final Path dbFile;
    public final TestPlugin plugin;
    public FakeCatalog catalog;
    public Database db;
    public SqliteEventSink events;
    public FakeRuntime runtime;
    public SqliteDeadLetterStore deadLetterStore;
    public DeadLetterService deadLetters;
    public IntegrationService service;
    public AdminServer server;
    public Api api;
    private static AdminCredentials credentials;

    private AdminFixture(Path dir, TestPlugin plugin, FakeCatalog catalog) {
        this.dbFile = dir.resolve("data/tributary.db");
        this.plugin = plugin;
        this.catalog = catalog;
        open();
    }

    /** The test plugin installed. */
    public static AdminFixture start(Path dir) {
        TestPlugin plugin = new TestPlugin();
        return new AdminFixture(dir, plugin, FakeCatalog.with(plugin));
    }

    /** With the given catalog (e.g. empty: plugin missing). */
    public static AdminFixture start(Path dir, TestPlugin plugin, FakeCatalog catalog) {
        return new AdminFixture(dir, plugin, catalog);
    }

    /**
     * One credentials object for every fixture: a configured password is never stored, and PBKDF2
     * is slow on purpose, so tests pay for it once.
     */
    private static synchronized AdminCredentials credentials() {
        if (credentials == null) {
            credentials = new AdminCredentials(null, USER, PASSWORD, p -> { });
        }
        return credentials;
    }

    private void open() {
        db = Database.open(dbFile);
        events = new SqliteEventSink(db);
        runtime = new FakeRuntime();
        deadLetterStore = new SqliteDeadLetterStore(db);
        deadLetters = new DeadLetterService(deadLetterStore, runtime);
        service = new IntegrationService(new IntegrationRepository(db), catalog, runtime, events);
        service.openAll();
        service.startAll();
        // no login delay: tests try wrong passwords on purpose (AdminHardeningApiTest covers throttling)
        server = new AdminServer(service, catalog, events, runtime, deadLetters, credentials())
                .mqttAccess(new MqttUsers(new PasswordHasher(1000)), new MqttAcl(true))
                .cluster(new io.tributary.cluster.NodeRegistry(new io.tributary.storage.SqlNodeStore(db),
                        new io.tributary.cluster.NodeRegistry.Settings(Duration.ofSeconds(5), 3, Duration.ofHours(1)),
                        false, "fixture-node", java.util.EnumSet.allOf(io.tributary.cluster.NodeRole.class), "0.1.0",
                        () -> io.tributary.cluster.NodeHealth.STARTING))
                .hardening(new AdminHardening(1000, Duration.ofMinutes(15), Duration.ZERO, 1 << 20))
                .start(0, "127.0.0.1");
        api = new Api(server.port(), USER, PASSWORD);
    }

    /** Stops everything and starts again on the same database file, as a platform restart does. */
    public void restart() {
        restart(catalog.copy());
    }

    /** A restart where the plugins installed are those of {@code newCatalog}. */
    public void restart(FakeCatalog newCatalog) {
        close();
        catalog = newCatalog;
        open();
    }

    @Override
    public void close() {
        server.stop();
        db.close();
    }
}
