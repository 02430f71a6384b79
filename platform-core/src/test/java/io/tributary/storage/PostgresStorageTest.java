package io.tributary.storage;

import io.tributary.broker.acl.AclRule;
import io.tributary.broker.auth.MqttUser;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.deadletter.DeadLetter;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same stores and migrations on a real PostgreSQL server: the schema is created on a fresh
 * database, reopening (or several nodes opening at once) changes nothing, every store round-trips,
 * and changes are journaled for the other nodes.
 */
class PostgresStorageTest {
    @TempDir
    Path dir;
    StorageOptions options;

    @BeforeEach
    void freshDatabase() {
        options = new StorageOptions(TestPostgres.get().newDatabase(), "postgres", "", 4);
    }

    @Test
    void migratesAFreshDatabaseAndReopeningItAppliesNothingAgain() {
        int latest = new Migrations(Dialect.POSTGRESQL).steps().size();
        try (Database db = Database.open(options, dir.resolve("unused.db"))) {
            assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(db.shared()).isTrue();
            assertThat(db.schemaVersion()).isEqualTo(latest);
            new SettingsRepository(db).put("kept", "yes");
        }
        try (Database again = Database.open(options, dir.resolve("unused.db"))) {
            assertThat(again.schemaVersion()).isEqualTo(latest);
            int recorded = again.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schema_version")
                    .mapTo(Integer.class).one());
            assertThat(recorded).isEqualTo(latest);
            assertThat(new SettingsRepository(again).get("kept")).contains("yes");
        }
        assertThat(dir.resolve("unused.db")).doesNotExist();
    }

    @Test
    void nodesStartingTogetherMigrateOnceBetweenThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> opens = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opens.add(() -> {
                    try (Database db = Database.open(options, dir.resolve("unused.db"))) {
                        return db.schemaVersion();
                    }
                });
            }
            int latest = new Migrations(Dialect.POSTGRESQL).steps().size();
            for (Future<Integer> f : pool.invokeAll(opens)) {
                assertThat(f.get()).isEqualTo(latest);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Database db = Database.open(options, dir.resolve("unused.db"))) {
            int recorded = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schema_version")
                    .mapTo(Integer.class).one());
            assertThat(recorded).as("each step recorded once").isEqualTo(db.schemaVersion());
        }
    }

    @Test
    void everyStoreRoundTripsOnPostgres() {
        try (Database db = Database.open(options, dir.resolve("unused.db"))) {
            IntegrationRepository integrations = new IntegrationRepository(db);
            IntegrationDefinition d = IntegrationRepositoryTest.sample("11111111-1111-1111-1111-111111111111", "one",
                    1_765_000_000_000L);
            integrations.insert(d);
            assertThat(integrations.findById(d.id())).contains(d);
            assertThat(integrations.setEnabled(d.id(), false)).isTrue();
            assertThat(integrations.findByName("one").orElseThrow().enabled()).isFalse();
            assertThat(integrations.idsWithUnsealedSecrets()).isEmpty();
            assertThat(integrations.delete(d.id())).isTrue();
            assertThat(integrations.findAll()).isEmpty();

            SqliteMqttUserStore users = new SqliteMqttUserStore(db);
            MqttUser alice = new MqttUser("alice", "sha256:" + "a".repeat(64), true, "*", 1_765_000_000_000L, 0);
            assertThat(users.insert(alice)).isTrue();
            assertThat(users.insert(alice)).as("a second insert of the same name is ignored").isFalse();
            users.lastConnect("alice", 1_765_000_000_123L);
            assertThat(users.loadAll()).containsExactly(alice.withLastConnect(1_765_000_000_123L));

            SqliteAclRuleStore acl = new SqliteAclRuleStore(db);
            List<AclRule> rules = List.of(
                    new AclRule(2, AclRule.Effect.DENY, AclRule.Action.PUBLISH, "alice", null, "secret/#"),
                    new AclRule(1, AclRule.Effect.ALLOW, AclRule.Action.SUBSCRIBE, null, null, "#"));
            acl.saveAll(rules);
            assertThat(acl.loadAll()).containsExactlyElementsOf(rules);

            SqliteEventSink events = new SqliteEventSink(db);
            events.record(new IntegrationEvent(0, "i1", EventType.LIFECYCLE, "STARTED", 1_765_000_000_000L,
                    Map.of("name", "one")));
            List<IntegrationEvent> listed = events.list("i1", null, 0, Long.MAX_VALUE, 10);
            assertThat(listed).singleElement().satisfies(e -> {
                assertThat(e.id()).isPositive();
                assertThat(e.body()).containsEntry("name", "one");
            });
            assertThat(events.prune(1_765_000_000_001L)).isEqualTo(1);

            SqliteDeadLetterStore deadLetters = new SqliteDeadLetterStore(db);
            BrokerMessage m = new BrokerMessage("t/1", "payload".getBytes(StandardCharsets.UTF_8), 1, false, "c1",
                    1000, 0, BrokerMessage.ForwardedProperties.NONE);
            long id = deadLetters.add("i1", m, 3, "refused", 2000);
            DeadLetter back = deadLetters.get("i1", List.of(id)).get(0);
            assertThat(back.message().payload()).isEqualTo(m.payload());
            assertThat(back.attempts()).isEqualTo(3);
            assertThat(deadLetters.count("i1")).isEqualTo(1);

            SettingsRepository settings = new SettingsRepository(db);
            assertThat(settings.putIfAbsent("k", "first")).isEqualTo("first");
            assertThat(settings.putIfAbsent("k", "second")).isEqualTo("first");
        }
    }

    @Test
    void changesAreJournaledInOrderWithTheirWriterOnPostgresOnly() {
        try (Database db = Database.open(options, dir.resolve("unused.db"))) {
            ConfigJournal journal = new ConfigJournal(db, "node-a/1");
            IntegrationRepository integrations = new IntegrationRepository(db, journal);
            IntegrationDefinition d = IntegrationRepositoryTest.sample("22222222-2222-2222-2222-222222222222", "two", 1);
            integrations.insert(d);
            integrations.setEnabled(d.id(), false);
            new SqliteMqttUserStore(db, journal).insert(new MqttUser("bob", null, true, "*", 1, 0));
            new SqliteAclRuleStore(db, journal).saveAll(List.of());
            assertThat(integrations.setEnabled("unknown", true)).isFalse();

            assertThat(journal.since(0, 100)).extracting(ConfigJournal.Change::version, ConfigJournal.Change::scope,
                    ConfigJournal.Change::item, ConfigJournal.Change::writer).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1L, ConfigJournal.Scope.INTEGRATION, d.id(), "node-a/1"),
                    org.assertj.core.groups.Tuple.tuple(2L, ConfigJournal.Scope.INTEGRATION, d.id(), "node-a/1"),
                    org.assertj.core.groups.Tuple.tuple(3L, ConfigJournal.Scope.MQTT_USERS, null, "node-a/1"),
                    org.assertj.core.groups.Tuple.tuple(4L, ConfigJournal.Scope.MQTT_ACL, null, "node-a/1"));
            assertThat(journal.current()).isEqualTo(4);
        }
        try (Database sqlite = Database.open(dir.resolve("t.db"))) {
            ConfigJournal journal = new ConfigJournal(sqlite, "only");
            new IntegrationRepository(sqlite, journal).insert(
                    IntegrationRepositoryTest.sample("33333333-3333-3333-3333-333333333333", "three", 1));
            assertThat(journal.enabled()).isFalse();
            assertThat(journal.since(0, 10)).as("one process writes SQLite: nothing to follow").isEmpty();
        }
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedNamingTheKeyWithoutItsPassword() {
        StorageOptions mysql = new StorageOptions("jdbc:mysql://db.example/t?password=hunter2", "u", "hunter2", 1);
        assertThatThrownBy(() -> Database.open(mysql, dir.resolve("t.db")))
                .hasMessageContaining("storage.url").hasMessageNotContaining("hunter2");
        assertThat(mysql.toString()).doesNotContain("hunter2");
        StorageOptions withUserInfo = new StorageOptions("jdbc:postgresql://me:pw123@db:5432/t?password=pw123", "", "", 1);
        assertThat(withUserInfo.safeUrl()).isEqualTo("jdbc:postgresql://db:5432/t");
    }
}
