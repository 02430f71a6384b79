package io.tributary.platform;

import io.tributary.admin.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/dashboard} on the real platform: the figures a script polls follow real MQTT
 * traffic; rates come computed by the server.
 */
class DashboardApiTest {
    @TempDir
    Path dir;
    RunningPlatform p;

    @AfterEach
    void stop() throws Exception {
        if (p != null) {
            p.close();
        }
    }

    private JsonNode dashboard() {
        Api.Response r = p.api.get("/api/dashboard");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode integration(JsonNode view, String id) {
        for (JsonNode i : view.get("integrations")) {
            if (i.get("id").asString().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("integration " + id + " not in " + view);
    }

    @Test
    void theDashboardJsonFollowsDeliveriesAndErrorsWithRatesComputedByTheServer() throws Exception {
        p = RunningPlatform.start(dir, Map.of());
        String ok = p.create("Warehouse", "ok", "plant/ok/#");
        String failing = p.create("Failing", "failProcess", "plant/bad/#");

        assertThat(p.api.as(null, null).get("/api/dashboard").status()).as("needs the admin login").isEqualTo(401);
        JsonNode first = dashboard();
        assertThat(first.get("sampleSeconds").asInt()).isEqualTo(2);
        assertThat(first.at("/integrationStates/ACTIVE").asInt()).isEqualTo(2);
        assertThat(first.at("/integrationStates/FAILED").asInt()).isZero();
        assertThat(integration(first, ok).get("name").asString()).isEqualTo("Warehouse");
        assertThat(integration(first, ok).get("state").asString()).isEqualTo("ACTIVE");
        assertThat(integration(first, ok).get("delivered").asLong()).isZero();
        assertThat(first.get("backpressure").isEmpty()).isTrue();
        assertThat(first.get("recentErrors").isEmpty()).isTrue();
        assertThat(first.at("/broker").has("receivedPerSecond")).isTrue();

        for (int i = 0; i < 10; i++) {
            p.publish("plant/ok/line-" + i, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8), 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> integration(dashboard(), ok).get("delivered").asLong() == 10);
        assertThat(integration(dashboard(), ok).get("queuedMessages").asLong()).isZero();
        // rates cover the last 10 s: measured while messages keep coming
        int[] more = {0};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            p.publish("plant/ok/more", "{}".getBytes(StandardCharsets.UTF_8), 1);
            more[0]++;
            JsonNode line = integration(dashboard(), ok);
            return line.get("deliveredPerSecond").asDouble() > 0 && line.get("matchedPerSecond").asDouble() > 0;
        });

        p.publish("plant/bad/valve", "{}".getBytes(StandardCharsets.UTF_8), 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !dashboard().get("recentErrors").isEmpty());
        JsonNode error = dashboard().get("recentErrors").get(0);
        assertThat(error.get("integrationId").asString()).isEqualTo(failing);
        assertThat(error.get("integrationName").asString()).isEqualTo("Failing");
        assertThat(error.get("kind").asString()).isEqualTo("PROCESS");
        assertThat(error.get("error").asString()).contains("requested by test");
        assertThat(error.get("topic").asString()).isEqualTo("plant/bad/valve");
        assertThat(error.get("time").asLong()).isPositive();

        JsonNode series = dashboard().get("series");
        assertThat(series.get("time").size()).isPositive()
                .isEqualTo(series.get("receivedPerSecond").size()).isEqualTo(series.get("sentPerSecond").size());

        // broker figures come from the broker's meters once they are registered, else they are null ("n/a")
        JsonNode broker = dashboard().get("broker");
        if (p.platform.metrics().registry().find("tributary.mqtt.messages.received").meters().isEmpty()) {
            assertThat(broker.get("messagesReceived").isNull()).isTrue();
        } else {
            assertThat(broker.get("messagesReceived").asLong()).isGreaterThanOrEqualTo(11 + more[0]);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dashboard().at("/broker/connections").asLong() >= 1);
        }
    }
}
