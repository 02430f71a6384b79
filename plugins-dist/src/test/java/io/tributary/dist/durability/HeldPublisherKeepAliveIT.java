package io.tributary.dist.durability;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backpressure must slow a publisher, not cut it off: QoS 1 publishers with a 5 s keep-alive
 * are held by a full log (HTTP endpoint refusing, {@code integration.max-bytes} 1 MiB) for
 * longer than 1.5 times their keep-alive. They stay connected, and once the endpoint answers
 * every publish is acknowledged and delivered.
 */
class HeldPublisherKeepAliveIT {
    private static final int KEEP_ALIVE = 5;

    @Test
    void heldPublishersOutliveTheirKeepAlive() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (Installation platform = Installation.unpack("held-keepalive", Map.of(
                "integration.max-bytes", Integer.toString(1024 * 1024)))) {
            platform.start();
            AdminApi admin = platform.admin();
            String id = admin.createIntegration("http-held", "HTTP", "dur/#",
                    Integrations.http("http://127.0.0.1:" + port + "/ingest"));
            Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(30));

            try (Publishers publishers = Publishers.start("held", 4, platform.mqttPort(), "dur", 20, 200, 200,
                    KEEP_ALIVE)) {
                long started = System.nanoTime();
                long fullSince = 0;
                while (fullSince == 0 && System.nanoTime() - started < Duration.ofSeconds(30).toNanos()) {
                    Thread.sleep(250);
                    fullSince = admin.statistics(id).get("fullSince").asLong();
                }
                assertThat(fullSince).as("the log turned full").isPositive();
                Thread.sleep(Duration.ofSeconds(KEEP_ALIVE * 3L).toMillis());
                Duration stalled = publishers.sinceLastAck();

                try (CountingHttpServer server = CountingHttpServer.start(port)) {
                    Thread.sleep(2_000);
                    publishers.stopSending();
                    boolean allAnswered = publishers.awaitAcknowledged(Duration.ofSeconds(60));
                    Integrations.awaitDrained(admin, id, Duration.ofSeconds(60));
                    Tally tally = Tally.of(publishers.sent(), publishers.acked(), server.bodies());
                    tally.report("publishers held 3 x keep-alive (" + KEEP_ALIVE + " s)", String.format(
                            "PUBACK stall %.1f s, failed publishes %d, first error %s", stalled.toMillis() / 1000.0,
                            publishers.failed(), publishers.errors().stream().findFirst().orElse("none")));

                    assertThat(stalled).as("held longer than 1.5 x keep-alive")
                            .isGreaterThan(Duration.ofMillis(KEEP_ALIVE * 1500L));
                    assertThat(tally.lost()).as("acknowledged but not delivered: %s", tally.lostSample()).isEmpty();
                    assertThat(publishers.errors()).as("held publishers were cut off").isEmpty();
                    assertThat(allAnswered).isTrue();
                    assertThat(tally.acked()).as("every publish acknowledged").isEqualTo(tally.sent());
                }
            }
        }
    }
}
