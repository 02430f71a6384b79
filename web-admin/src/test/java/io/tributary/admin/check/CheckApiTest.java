package io.tributary.admin.check;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.Api;
import io.tributary.admin.Bodies;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.check.ConnectionCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.tributary.admin.Bodies.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/integrations/check}: validation as a save, then the plugin's check. */
class CheckApiTest {
    @TempDir
    Path dir;
    AdminFixture admin;

    @BeforeEach
    void start() {
        admin = AdminFixture.start(dir);
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    @Test
    void runsThePluginCheckWithItsClassLoaderAndAnswersStepsAndTheSampleRecord() {
        Map<String, Object> body = Bodies.integration("orders");
        body.put("sample", Map.of("topic", "sensors/t1", "payload", "{\"temperature\":25}"));
        Api.Response r = admin.api.post("/api/integrations/check", body);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode steps = r.json().get("steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).get("name").asString()).isEqualTo("bootstrap reachable");
        assertThat(steps.get(0).get("ok").asBoolean()).isTrue();
        assertThat(steps.get(0).get("detail").asString()).isEqualTo("localhost:9092");
        JsonNode record = r.json().get("sampleRecord");
        assertThat(record.get("topicName").asString()).isEqualTo("sensors/t1");
        assertThat(record.get("payload").asString()).isEqualTo("eyJ0ZW1wZXJhdHVyZSI6MjV9");
        assertThat(record.get("metadata").get("integrationName").asString()).isEqualTo("orders");
        assertThat(admin.plugin.checkContextLoader).as("plugin's loader as context loader")
                .isSameAs(admin.catalog.type("TEST").orElseThrow().classLoader());
        assertThat(admin.service.list()).as("nothing saved").isEmpty();
    }

    @Test
    void invalidConfigurationAnswersTheSameFieldErrorsAsASave() {
        Map<String, Object> body = Bodies.integration("orders");
        Bodies.client(body).remove("bootstrapServers");
        Bodies.client(body).put("batchSize", 5000);

        Api.Response check = admin.api.post("/api/integrations/check", body);
        Api.Response save = admin.api.post("/api/integrations", body);

        assertThat(check.status()).isEqualTo(400);
        assertThat(check.json().get("errors")).isEqualTo(save.json().get("errors"));
        assertThat(check.body()).contains("configuration.clientConfiguration.bootstrapServers",
                "configuration.clientConfiguration.batchSize");
    }

    @Test
    void anExistingIntegrationsMaskedSecretIsResolvedFromTheStore() {
        String id = admin.api.post("/api/integrations", Bodies.integration("orders")).json().get("id").asString();
        JsonNode stored = admin.api.get("/api/integrations/" + id).json();
        assertThat(stored.toString()).doesNotContain(SECRET);

        Api.Response r = admin.api.post("/api/integrations/check", stored.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(admin.plugin.checkedPassword).isEqualTo(SECRET);
        assertThat(r.body()).doesNotContain(SECRET);
    }

    @Test
    void aPluginThatThrowsInCheckIsAFailedStepNamingThePlugin() {
        admin.plugin.checkFailure = new IllegalStateException("no route to host");
        Api.Response r = admin.api.post("/api/integrations/check", Bodies.integration("broken"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode steps = r.json().get("steps");
        assertThat(steps.size()).isEqualTo(1);
        assertThat(steps.get(0).get("ok").asBoolean()).isFalse();
        assertThat(steps.get(0).get("detail").asString())
                .isEqualTo("Plugin 'test-plugin' (type TEST): check() failed: IllegalStateException: no route to host");
    }

    @Test
    void aPluginThatNeverAnswersIsCutOffAtTheBudget() {
        admin.plugin.checkHangs = true;
        ConnectionCheck check = new ConnectionCheck(admin.service, "node", Duration.ofMillis(300));
        try {
            IntegrationDefinition d = io.tributary.admin.integrations.IntegrationRequest
                    .parse(io.tributary.admin.AdminJson.MAPPER.valueToTree(Bodies.integration("slow"))).definition();
            long start = System.nanoTime();
            ConnectionCheck.Result result = check.run(d, null);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(result.ok()).isFalse();
            assertThat(result.steps()).extracting(ConnectionCheck.Step::detail).anyMatch(s -> s.contains("Plugin 'test-plugin' (type TEST): check() did not return within 300 ms"));
        } finally {
            admin.plugin.checkHangs = false;
        }
    }

    @Test
    void needsCredentials() {
        assertThat(admin.api.as(null, null).post("/api/integrations/check", Bodies.integration("x")).status())
                .isEqualTo(401);
    }
}
