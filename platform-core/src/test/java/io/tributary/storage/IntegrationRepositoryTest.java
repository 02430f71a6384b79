package io.tributary.storage;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrationRepositoryTest {
    @TempDir
    Path dir;
    Database db;
    IntegrationRepository repo;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("t.db"));
        repo = new IntegrationRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static IntegrationDefinition sample(String id, String name, long created) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("bootstrapServers", "localhost:9092");
        client.put("retries", 3L);
        client.put("idempotent", true);
        client.put("hosts", List.of("a", "b"));
        client.put("headers", Map.of("k", "v"));
        client.put("password", "s3cret");
        return new IntegrationDefinition(id, name, "KAFKA", true,
                new Configuration(List.of("tbmq/#", "a/+/b"), client, Map.of("site", "north")),
                new AdditionalInfo("to kafka"), created);
    }

    @Test
    void roundTripsEveryFieldWithPlainJsonJavaTypes() {
        IntegrationDefinition d = sample("11111111-1111-1111-1111-111111111111", "one", 1000);
        repo.insert(d);

        IntegrationDefinition back = repo.findById(d.id()).orElseThrow();
        assertThat(back).isEqualTo(d);
        // whole numbers come back as Long, as plugin Config expects
        assertThat(back.configuration().clientConfiguration().get("retries")).isInstanceOf(Long.class);
        assertThat(repo.findByName("one")).contains(d);
    }

    @Test
    void listsOldestFirst() {
        repo.insert(sample("b", "second", 2000));
        repo.insert(sample("a", "first", 1000));
        assertThat(repo.findAll()).extracting(IntegrationDefinition::name).containsExactly("first", "second");
    }

    @Test
    void namesAreUnique() {
        repo.insert(sample("a", "same", 1));
        assertThatThrownBy(() -> repo.insert(sample("b", "same", 2))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void updatesEnablesAndDeletes() {
        repo.insert(sample("a", "one", 1));
        IntegrationDefinition changed = new IntegrationDefinition("a", "renamed", "KAFKA", false,
                new Configuration(List.of("x"), Map.of(), Map.of()), new AdditionalInfo(null), 999);
        assertThat(repo.update(changed)).isTrue();
        IntegrationDefinition back = repo.findById("a").orElseThrow();
        assertThat(back.name()).isEqualTo("renamed");
        assertThat(back.enabled()).isFalse();
        assertThat(back.createdTime()).as("created time never changes").isEqualTo(1);

        assertThat(repo.setEnabled("a", true)).isTrue();
        assertThat(repo.findById("a").orElseThrow().enabled()).isTrue();

        assertThat(repo.delete("a")).isTrue();
        assertThat(repo.findById("a")).isEmpty();
        assertThat(repo.delete("a")).isFalse();
        assertThat(repo.update(changed)).isFalse();
        assertThat(repo.setEnabled("a", false)).isFalse();
    }

    @Test
    void survivesReopeningTheFile() {
        IntegrationDefinition d = sample("a", "kept", 5);
        repo.insert(d);
        db.close();
        db = Database.open(dir.resolve("t.db"));
        assertThat(new IntegrationRepository(db).findAll()).containsExactly(d);
    }

    @Test
    void sendClientEventsIsStoredInItsOwnColumnAndRoundTrips() {
        IntegrationDefinition plain = sample("a", "events", 1);
        IntegrationDefinition withEvents = new IntegrationDefinition("a", "events", "KAFKA", true,
                new Configuration(plain.configuration().topicFilters(), plain.configuration().clientConfiguration(),
                        plain.configuration().metadata(), true), plain.additionalInfo(), 1);
        repo.insert(withEvents);
        assertThat(repo.findById("a").orElseThrow()).isEqualTo(withEvents);
        assertThat(column("send_client_events")).isEqualTo("1");
        // the TBMQ configuration object stays as TBMQ writes it
        assertThat(column("configuration")).doesNotContain("sendClientEvents");

        assertThat(repo.update(plain)).isTrue();
        assertThat(repo.findById("a").orElseThrow().configuration().sendClientEvents()).isFalse();
        assertThat(repo.setEnabled("a", false)).isTrue();
        assertThat(repo.findAll()).singleElement()
                .satisfies(d -> assertThat(d.configuration().sendClientEvents()).isFalse());
    }

    @Test
    void integrationsFromBeforeVersion5SendNoClientEvents() throws Exception {
        db.close();
        Path file = dir.resolve("v4.db");
        org.jdbi.v3.core.Jdbi old = org.jdbi.v3.core.Jdbi.create("jdbc:sqlite:" + file);
        old.useHandle(h -> {
            h.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                    + "applied_time INTEGER NOT NULL)");
            for (Migrations.Step step : new Migrations().steps()) {
                if (step.version() <= 4) {
                    try (var in = getClass().getClassLoader().getResourceAsStream(step.resource())) {
                        h.createScript(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                                .execute();
                    }
                    h.execute("INSERT INTO schema_version VALUES (?, ?, 0)", step.version(), step.description());
                }
            }
            h.execute("INSERT INTO integrations (id, name, type, enabled, configuration, additional_info, "
                    + "created_time, secrets_sealed) VALUES ('old', 'old', 'HTTP', 1, "
                    + "'{\"topicFilters\":[\"tbmq/#\"],\"clientConfiguration\":{},\"metadata\":{}}', NULL, 7, 1)");
        });
        db = Database.open(file);
        IntegrationDefinition back = new IntegrationRepository(db).findById("old").orElseThrow();
        assertThat(back.configuration().topicFilters()).containsExactly("tbmq/#");
        assertThat(back.configuration().sendClientEvents()).isFalse();
    }

    private String column(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT " + name + " FROM integrations").mapTo(String.class)
                .one());
    }
}
