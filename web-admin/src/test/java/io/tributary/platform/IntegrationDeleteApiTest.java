package io.tributary.platform;

import io.tributary.admin.Api;
import io.tributary.plugin.host.TestPluginProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DELETE /api/integrations/{id} on the real platform: an integration whose log holds messages is
 * only deleted when the caller confirms that they are discarded, and the answer says how many were.
 */
class IntegrationDeleteApiTest {
    @TempDir
    Path dir;
    RunningPlatform p;

    @BeforeEach
    void start() throws Exception {
        p = RunningPlatform.start(dir, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        p.close();
    }

    @Test
    void queuedMessagesAreOnlyDiscardedWhenTheCallerConfirms() throws Exception {
        String id = p.create("keeper", "ok", "keep/#");
        assertThat(p.api.post("/api/integrations/" + id + "/disable", "").status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            p.publish("keep/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> p.statistic(id, "queued") == 3);
        assertThat(p.statistic(id, "queuedBytes")).as("the log takes room on disk").isPositive();

        Api.Response refused = p.api.delete("/api/integrations/" + id);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("queued").asLong()).isEqualTo(3);
        assertThat(refused.json().get("deadLetters").asLong()).isZero();
        assertThat(refused.json().get("message").asString())
                .contains("3 queued message(s)", "'keeper'", "discardQueued=true");
        assertThat(p.statistic(id, "queued")).as("nothing deleted, nothing discarded").isEqualTo(3);

        Api.Response notConfirmed = p.api.delete("/api/integrations/" + id + "?discardQueued=false");
        assertThat(notConfirmed.status()).as(notConfirmed.toString()).isEqualTo(409);

        Api.Response deleted = p.api.delete("/api/integrations/" + id + "?discardQueued=true");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().get("discardedMessages").asLong()).isEqualTo(3);
        assertThat(p.api.get("/api/integrations/" + id).status()).isEqualTo(404);
        assertThat(p.api.get("/api/integrations/" + id + "/dead-letters").status()).isEqualTo(404);
        assertThat(TestPluginProbe.messages(id)).as("discarded, never delivered").isEmpty();
    }

    @Test
    void anIntegrationWithNothingQueuedIsDeletedWithoutConfirmation() throws Exception {
        String id = p.create("drained", "ok", "drained/#");
        p.publish("drained/1", "x".getBytes(StandardCharsets.UTF_8), 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> TestPluginProbe.messages(id).size() == 1
                && p.statistic(id, "queued") == 0);

        Api.Response deleted = p.api.delete("/api/integrations/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().get("discardedMessages").asLong()).isZero();
        assertThat(p.api.get("/api/integrations/" + id).status()).isEqualTo(404);
    }

    @Test
    void deletingAnUnknownIntegrationIs404() {
        String id = UUID.randomUUID().toString();
        Api.Response r = p.api.delete("/api/integrations/" + id + "?discardQueued=true");
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.json().get("message").asString()).contains(id);
    }
}
