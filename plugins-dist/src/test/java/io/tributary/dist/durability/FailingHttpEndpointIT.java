package io.tributary.dist.durability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, proof 5: an HTTP integration whose endpoint refuses connections (a closed local
 * port) for 30 s while 8 QoS 1 publishers send 8 KiB messages, on a platform with a 128 MiB
 * heap. Failed deliveries are retried while holding their window slot, so the backlog grows in
 * the log on disk, not in the heap: at most the window is in flight, the failed attempts are
 * those of the window's records only, and after a full GC the heap holds far less than the
 * backlog. Then an HTTP server starts on that port and receives every acknowledged message.
 */
class FailingHttpEndpointIT {
    private static final int WINDOW = 100;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    /**
     * Attempts one record can get within {@code d} when retries wait 200 ms doubling to 2 s
     * ({@code integration.retry-initial-ms}, {@code integration.retry-max-ms} of {@link Installation}).
     */
    static long attemptsPerSlot(Duration d) {
        long attempts = 1;
        long at = 0;
        long delay = 200;
        while (at + delay <= d.toMillis()) {
            at += delay;
            attempts++;
            delay = Math.min(delay * 2, 2000);
        }
        return attempts;
    }

    @Test
    void aRefusingEndpointKeepsTheBacklogOnDiskAndGetsEverythingOnceItAnswers() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (Installation platform = Installation.unpack("http-refused", Map.of(
                "integration.max-inflight", Integer.toString(WINDOW))).javaOpts("-Xmx128m")) {
            platform.start();
            AdminApi admin = platform.admin();
            String id = admin.createIntegration("http-refused", "HTTP", "dur/#",
                    Integrations.http("http://127.0.0.1:" + port + "/ingest"));
            Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(30));
            long heapBefore = HeapProbe.usedAfterGc(platform.pid());

            long started = System.nanoTime();
            try (Publishers publishers = Publishers.start("http", 8, platform.mqttPort(), "dur", 50, 80, 8192)) {
                long maxInFlight = 0;
                while (System.nanoTime() - started < OUTAGE.toNanos()) {
                    Thread.sleep(1_000);
                    maxInFlight = Math.max(maxInFlight, admin.statistics(id).get("inFlight").asLong());
                }
                JsonNode atEnd = admin.statistics(id);
                Duration refusing = Duration.ofNanos(System.nanoTime() - started);
                long heapAfter = HeapProbe.usedAfterGc(platform.pid());
                publishers.stopSending();
                assertThat(publishers.awaitAcknowledged(Duration.ofSeconds(30))).as("all publishes answered").isTrue();

                try (CountingHttpServer server = CountingHttpServer.start(port)) {
                    JsonNode after = Integrations.awaitDrained(admin, id, Duration.ofSeconds(180));
                    Tally tally = Tally.of(publishers.sent(), publishers.acked(), server.bodies());
                    tally.report("HTTP endpoint refusing 30 s, -Xmx128m", String.format("failed attempts %d "
                                    + "(at most %d for a window of %d on the backoff schedule), "
                                    + "retried %d, max inFlight %d (window %d), queued at the end %d (%d MiB in the "
                                    + "log), heap after GC %d MiB before -> %d MiB at the end, %.1f s",
                            atEnd.get("failed").asLong(), WINDOW * (attemptsPerSlot(refusing) + 1), WINDOW,
                            atEnd.get("retried").asLong(), maxInFlight, WINDOW,
                            atEnd.get("queued").asLong(), atEnd.get("queuedBytes").asLong() >> 20,
                            heapBefore >> 20, heapAfter >> 20, (System.nanoTime() - started) / 1e9));

                    assertThat(tally.lost()).as("acknowledged but not received: %s", tally.lostSample()).isEmpty();
                    assertThat(publishers.errors()).as("publishers saw no failure").isEmpty();
                    assertThat(atEnd.get("failed").asLong()).as("deliveries failed (connection refused)")
                            .isGreaterThan(WINDOW);
                    assertThat(atEnd.get("succeeded").asLong()).as("nothing delivered while refused").isZero();
                    assertThat(maxInFlight).as("in flight at most the window").isLessThanOrEqualTo(WINDOW);
                    // each slot of the window holds one record and retries it on the backoff schedule; had the
                    // backlog been pulled into memory, every queued message would have failed at least once
                    assertThat(atEnd.get("failed").asLong()).as("failed attempts: the window's records only")
                            .isLessThanOrEqualTo(WINDOW * (attemptsPerSlot(refusing) + 1))
                            .isLessThan(atEnd.get("queued").asLong());
                    assertThat(atEnd.get("queuedBytes").asLong()).as("the backlog is larger than the heap")
                            .isGreaterThan(128L << 20);
                    assertThat(heapAfter - heapBefore).as("heap growth while the backlog grew")
                            .isLessThan(40L << 20);
                    assertThat(after.get("succeeded").asLong()).isGreaterThanOrEqualTo(tally.acked());
                    assertThat(platform.logText()).doesNotContain("OutOfMemoryError");
                }
            }
        }
    }
}
