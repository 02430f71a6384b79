package io.tributary.dist.durability;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Integration configurations the durability tests use, and waiting on an integration's statistics. */
final class Integrations {
    private Integrations() {
    }

    /**
     * A Kafka integration that writes the raw payload, with the plugin's defaults except shorter
     * timeouts, so that an outage shows as failed sends (and platform retries) within seconds.
     */
    static Map<String, Object> kafka(String bootstrap, String topic) {
        return Map.of("bootstrapServers", bootstrap, "topic", topic, "sendOnlyMsgPayload", true,
                "otherProperties", Map.of(
                        "request.timeout.ms", "2000",
                        "delivery.timeout.ms", "5000",
                        "max.block.ms", "2000",
                        "reconnect.backoff.max.ms", "500"));
    }

    /** An HTTP integration that POSTs the raw payload to {@code url}. */
    static Map<String, Object> http(String url) {
        return Map.of("restEndpointUrl", url, "sendOnlyMsgPayload", true, "requestTimeoutMs", 2000);
    }

    static void awaitStatus(AdminApi admin, String id, String status, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(admin.status(id)).isEqualTo(status));
    }

    /** Waits until the integration's log holds nothing undelivered; returns the statistics then. */
    static JsonNode awaitDrained(AdminApi admin, String id, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(admin.statistics(id).get("queued").asLong())
                        .as("queued of %s", id).isZero());
        return admin.statistics(id);
    }
}
