package io.tributary.admin.integrations;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.Api;
import io.tributary.admin.Bodies;
import io.tributary.admin.TestPlugin;
import io.tributary.plugin.host.InstalledType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every rule of an integration; all violations reported at once as 400 {"errors": [...]}, nothing saved. */
class IntegrationValidationApiTest {
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

    /** field → message of a 400 validation response. */
    private static Map<String, String> errors(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        JsonNode errors = r.json().get("errors");
        assertThat(errors).as(r.toString()).isNotNull();
        Map<String, String> out = new LinkedHashMap<>();
        errors.forEach(e -> {
            assertThat(e.propertyNames()).containsExactlyInAnyOrder("field", "message");
            out.put(e.get("field").asString(), e.get("message").asString());
        });
        return out;
    }

    private void assertNothingSaved() {
        assertThat(admin.api.get("/api/integrations").json().size()).isZero();
        assertThat(admin.runtime.calls()).isEmpty();
        int events = admin.db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events")
                .mapTo(Integer.class).one());
        assertThat(events).isZero();
    }

    private String create(Map<String, Object> body) {
        Api.Response r = admin.api.post("/api/integrations", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void reportsEveryErrorAtOnceWithFullFieldPathsAndSavesNothing() {
        Map<String, Object> body = Bodies.integration("x".repeat(256));
        Bodies.configuration(body).put("topicFilters", List.of("a/#/b", "ok/+", "x+", "$share/g/a"));
        Map<String, Object> client = Bodies.client(body);
        client.remove("bootstrapServers");
        client.put("batchSize", 0);

        Map<String, String> errors = errors(admin.api.post("/api/integrations", body));

        assertThat(errors).containsOnlyKeys("name", "configuration.topicFilters[0]", "configuration.topicFilters[2]",
                "configuration.topicFilters[3]", "configuration.clientConfiguration.bootstrapServers",
                "configuration.clientConfiguration.batchSize");
        assertThat(errors.get("name")).contains("255");
        assertThat(errors.get("configuration.topicFilters[3]")).contains("shared");
        assertNothingSaved();
    }

    @Test
    void nameIsRequired() {
        Map<String, Object> missing = Bodies.integration(null);
        missing.remove("name");
        assertThat(errors(admin.api.post("/api/integrations", missing))).containsOnlyKeys("name");
        assertThat(errors(admin.api.post("/api/integrations", Bodies.integration("  ")))).containsOnlyKeys("name");
        assertThat(admin.api.post("/api/integrations", Bodies.integration("x".repeat(255))).status())
                .as("255 characters is fine").isEqualTo(201);
    }

    @Test
    void nameIsUnique() {
        String id = create(Bodies.integration("orders"));
        Map<String, String> errors = errors(admin.api.post("/api/integrations", Bodies.integration("orders")));
        assertThat(errors).containsOnlyKeys("name");
        assertThat(errors.get("name")).contains("already exists");

        String other = create(Bodies.integration("other"));
        assertThat(errors(admin.api.put("/api/integrations/" + other, Bodies.integration("orders"))))
                .containsOnlyKeys("name");
        assertThat(admin.api.put("/api/integrations/" + id, Bodies.integration("orders")).status())
                .as("keeping its own name").isEqualTo(200);
    }

    @Test
    void typeMustBeAnInstalledPlugin() {
        Map<String, Object> unknown = Bodies.integration("x");
        unknown.put("type", "NOPE");
        Map<String, String> errors = errors(admin.api.post("/api/integrations", unknown));
        assertThat(errors).containsOnlyKeys("type");
        assertThat(errors.get("type")).contains("NOPE").contains("not installed");

        Map<String, Object> missing = Bodies.integration("x");
        missing.remove("type");
        assertThat(errors(admin.api.post("/api/integrations", missing))).containsOnlyKeys("type");
        assertNothingSaved();
    }

    @Test
    void typeCannotChangeAfterCreation() {
        admin.catalog.install(new TestPlugin("OTHER"));
        String id = create(Bodies.integration("orders"));
        Map<String, Object> body = Bodies.integration("orders");
        body.put("type", "OTHER");
        Map<String, String> errors = errors(admin.api.put("/api/integrations/" + id, body));
        assertThat(errors).containsOnlyKeys("type");
        assertThat(errors.get("type")).contains("cannot change");

        body.remove("type");
        assertThat(admin.api.put("/api/integrations/" + id, body).status()).as("type omitted: unchanged")
                .isEqualTo(200);
        assertThat(admin.api.get("/api/integrations/" + id).json().get("type").asString()).isEqualTo("TEST");
    }

    @Test
    void atLeastOneValidTopicFilter() {
        Map<String, Object> body = Bodies.integration("x");
        Bodies.configuration(body).put("topicFilters", List.of());
        assertThat(errors(admin.api.post("/api/integrations", body))).containsOnlyKeys("configuration.topicFilters");

        Bodies.configuration(body).put("topicFilters", List.of("a/+/c", "#", "a/b", "a/b"));
        String id = create(body);
        JsonNode filters = admin.api.get("/api/integrations/" + id).json().at("/configuration/topicFilters");
        assertThat(filters.valueStream().map(JsonNode::asString).toList())
                .as("duplicates dropped").containsExactly("a/+/c", "#", "a/b");
    }

    @Test
    void pluginRulesRunAfterTheSchemaWithThePluginClassLoader() {
        Map<String, Object> body = Bodies.integration("x");
        Bodies.client(body).put("tls", true);
        Bodies.client(body).put("topic", "forbidden");
        Map<String, String> errors = errors(admin.api.post("/api/integrations", body));
        assertThat(errors).containsOnlyKeys("configuration.clientConfiguration.truststore",
                "configuration.clientConfiguration.topic");

        InstalledType type = admin.catalog.type(TestPlugin.TYPE).orElseThrow();
        assertThat(admin.plugin.validateContextLoader).isSameAs(type.classLoader());
        assertNothingSaved();

        Bodies.client(body).put("truststore", "/etc/ssl/ts.p12");
        Bodies.client(body).put("topic", "fine");
        assertThat(admin.api.post("/api/integrations", body).status()).isEqualTo(201);
    }

    @Test
    void schemaErrorsAndPluginErrorsComeWithTheOtherFieldErrors() {
        Map<String, Object> body = Bodies.integration("");
        Bodies.client(body).put("tls", true);
        assertThat(errors(admin.api.post("/api/integrations", body)))
                .containsOnlyKeys("name", "configuration.clientConfiguration.truststore");
    }

    @Test
    void aPluginThatThrowsInValidateIsAFieldErrorNamingThePluginNotACrash() {
        admin.plugin.validateFailure = new IllegalStateException("boom");
        Map<String, String> errors = errors(admin.api.post("/api/integrations", Bodies.integration("x")));
        assertThat(errors).containsOnlyKeys("configuration.clientConfiguration");
        assertThat(errors.get("configuration.clientConfiguration"))
                .isEqualTo("Plugin 'test-plugin' (type TEST): validate() failed: IllegalStateException: boom");
        assertNothingSaved();
    }

    @Test
    void schemaErrorsAndThePluginsOwnRulesOnTheOtherFieldsAnswerInOne400() {
        Map<String, Object> body = Bodies.integration("x");
        Bodies.client(body).put("bootstrapServers", "nohost"); // passes the schema, fails the plugin's rule
        Bodies.client(body).put("batchSize", 5000);            // fails the schema (max 1000)
        Bodies.client(body).put("topic", "forbidden");         // passes the schema, fails the plugin's rule

        Map<String, String> errors = errors(admin.api.post("/api/integrations", body));

        assertThat(errors).containsOnlyKeys("configuration.clientConfiguration.bootstrapServers",
                "configuration.clientConfiguration.batchSize", "configuration.clientConfiguration.topic");
        assertThat(errors.get("configuration.clientConfiguration.bootstrapServers")).contains("host:port");
        assertNothingSaved();
    }

    @Test
    void aFieldTheSchemaRejectsIsNotReportedTwiceByThePlugin() {
        Map<String, Object> body = Bodies.integration("x");
        Bodies.client(body).put("tls", "perhaps"); // the schema rejects it; the plugin then sees no tls, no truststore rule
        Bodies.client(body).put("topic", "forbidden");

        assertThat(errors(admin.api.post("/api/integrations", body))).containsOnlyKeys(
                "configuration.clientConfiguration.tls", "configuration.clientConfiguration.topic");
    }

    @Test
    void aPluginWhoseValidateHangsAnswersAnErrorWithinTheTimeoutAndTheApiStaysResponsive() throws Exception {
        admin.service.validationTimeout(Duration.ofSeconds(2));
        admin.plugin.validateHangs = true;
        try {
            CompletableFuture<Api.Response> hung = CompletableFuture.supplyAsync(
                    () -> admin.api.post("/api/integrations", Bodies.integration("x")));
            await().atMost(Duration.ofSeconds(2)).until(() -> admin.plugin.validateContextLoader != null);
            // meanwhile the rest of the API answers
            assertThat(admin.api.get("/api/integration-types").status()).isEqualTo(200);
            assertThat(admin.api.get("/api/integrations").status()).isEqualTo(200);
            assertThat(hung).as("still waiting for the plugin").isNotDone();

            Map<String, String> errors = errors(hung.get(10, TimeUnit.SECONDS));
            assertThat(errors).containsOnlyKeys("configuration.clientConfiguration");
            assertThat(errors.get("configuration.clientConfiguration"))
                    .isEqualTo("Plugin 'test-plugin' (type TEST): validate() did not return within 2 s");
            assertNothingSaved();
        } finally {
            admin.plugin.validateHangs = false;
        }
        assertThat(admin.api.post("/api/integrations", Bodies.integration("x")).status())
                .as("the next request is not stuck behind the hung call").isEqualTo(201);
    }

    @Test
    void unknownPluginFieldsAreRejected() {
        Map<String, Object> body = Bodies.integration("x");
        Bodies.client(body).put("bogus", "1");
        assertThat(errors(admin.api.post("/api/integrations", body)))
                .containsOnlyKeys("configuration.clientConfiguration.bogus");
    }

    @Test
    void valuesOfTheWrongJsonTypeAreFieldErrors() {
        String body = """
                {"name": 5, "type": "TEST", "enabled": "yes",
                 "configuration": {"topicFilters": "a/b", "clientConfiguration": [], "metadata": {"k": {}}}}
                """;
        assertThat(errors(admin.api.post("/api/integrations", body))).containsOnlyKeys("name", "enabled",
                "configuration.topicFilters", "configuration.clientConfiguration", "configuration.metadata.k");
        assertNothingSaved();
    }

    @Test
    void aRejectedUpdateChangesNothing() {
        String id = create(Bodies.integration("orders"));
        JsonNode before = admin.api.get("/api/integrations/" + id).json();
        Map<String, Object> bad = Bodies.integration("");
        Bodies.client(bad).put("password", "changed");
        errors(admin.api.put("/api/integrations/" + id, bad));
        assertThat(admin.api.get("/api/integrations/" + id).json()).isEqualTo(before);
        assertThat(admin.runtime.calls()).containsExactly("deploy " + id);
        assertThat(admin.runtime.config(id).getString("password")).isEqualTo(Bodies.SECRET);
    }
}
