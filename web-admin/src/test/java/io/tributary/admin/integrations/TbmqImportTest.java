package io.tributary.admin.integrations;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.Api;
import io.tributary.integration.schema.ConfigSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An integration exported from TBMQ imports unchanged: same id, created time and fields. */
class TbmqImportTest {
    /** The shape TBMQ exports (read-only status, disconnectedTime and all), for our test type. */
    static final String EXPORT = """
            {
              "id": "4c3fd4a0-5a35-11ef-a7c5-4b1c6a4b1f55",
              "createdTime": 1723800000000,
              "name": "Kafka orders",
              "type": "TEST",
              "enabled": true,
              "disconnectedTime": 0,
              "configuration": {
                "clientConfiguration": {
                  "bootstrapServers": "kafka:9092",
                  "topic": "orders",
                  "password": "exported-secret",
                  "batchSize": 500,
                  "properties": {"linger.ms": "5"}
                },
                "topicFilters": ["orders/+/created", "orders/#"],
                "metadata": {"source": "tbmq"}
              },
              "additionalInfo": {"description": "forwards orders"},
              "status": {"success": true, "serviceId": "tbmq-ie-1"}
            }
            """;

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
    void importsAnExportUnchanged() {
        Api.Response r = admin.api.post("/api/integrations", EXPORT);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);

        JsonNode json = admin.api.get("/api/integrations/4c3fd4a0-5a35-11ef-a7c5-4b1c6a4b1f55").json();
        assertThat(json.get("createdTime").asLong()).isEqualTo(1723800000000L);
        assertThat(json.get("name").asString()).isEqualTo("Kafka orders");
        assertThat(json.get("enabled").asBoolean()).isTrue();
        assertThat(json.at("/configuration/topicFilters").valueStream().map(JsonNode::asString).toList())
                .containsExactly("orders/+/created", "orders/#");
        assertThat(json.at("/configuration/clientConfiguration/bootstrapServers").asString()).isEqualTo("kafka:9092");
        assertThat(json.at("/configuration/clientConfiguration/batchSize").asLong()).isEqualTo(500);
        assertThat(json.at("/configuration/clientConfiguration/password").asString()).isEqualTo(ConfigSchemas.MASK);
        assertThat(json.at("/configuration/metadata/source").asString()).isEqualTo("tbmq");
        assertThat(json.at("/additionalInfo/description").asString()).isEqualTo("forwards orders");
        assertThat(json.at("/status/status").asString()).as("our status, not the exported one").isEqualTo("ACTIVE");
        assertThat(admin.runtime.config("4c3fd4a0-5a35-11ef-a7c5-4b1c6a4b1f55").getString("password"))
                .isEqualTo("exported-secret");
    }

    @Test
    void importingTheSameExportTwiceIsRejected() {
        assertThat(admin.api.post("/api/integrations", EXPORT).status()).isEqualTo(201);
        Api.Response again = admin.api.post("/api/integrations", EXPORT);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("id", "name");
    }

    @Test
    void anIdThatIsNotAUuidIsAFieldError() {
        Api.Response r = admin.api.post("/api/integrations", EXPORT.replace("4c3fd4a0-5a35-11ef-a7c5-4b1c6a4b1f55",
                "not-a-uuid"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asString()).isEqualTo("id");
    }
}
