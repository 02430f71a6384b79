package io.tributary.dist.durability;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, proof 7: the platform is stopped (SIGTERM) while an HTTP integration whose endpoint
 * refuses connections holds a backlog of known messages in its log; then the tail of the last
 * segment file is damaged as a crash mid-write would leave it: the last record cut in the middle,
 * followed by garbage. The next start succeeds, logs how many bytes it cut, and delivers every
 * record before the damaged one.
 */
class CorruptSegmentTailIT {
    /** {@code [int length][int crc32c][long offset]} before each record's payload. */
    private static final int RECORD_HEADER = 16;
    private static final byte[] GARBAGE = "\u00ff\u00fe not a record, just bytes left by a torn write \u0000\u0001"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final Pattern ID = Pattern.compile("p\\d+-\\d+ ");

    @Test
    void aDamagedTailIsCutAndLoggedAndTheRecordsBeforeItAreDelivered() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (Installation platform = Installation.unpack("corrupt-tail", Map.of())) {
            platform.start();
            AdminApi admin = platform.admin();
            String id = admin.createIntegration("http-corrupt", "HTTP", "dur/#",
                    Integrations.http("http://127.0.0.1:" + port + "/ingest"));
            Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(30));

            Set<String> acked;
            Set<String> sent;
            try (Publishers publishers = Publishers.start("corrupt", 4, platform.mqttPort(), "dur", 20, 200, 200)) {
                Thread.sleep(4_000);
                publishers.stopSending();
                assertThat(publishers.awaitAcknowledged(Duration.ofSeconds(30))).as("all publishes answered").isTrue();
                acked = publishers.acked();
                sent = publishers.sent();
            }
            assertThat(acked).hasSizeGreaterThan(1000).isEqualTo(sent);
            assertThat(admin.statistics(id).get("queued").asLong()).as("the backlog").isEqualTo(acked.size());
            platform.stop();

            List<Path> segments = platform.segments(id);
            assertThat(segments).as("segment files").isNotEmpty();
            Path last = segments.get(segments.size() - 1);
            LastRecord victim = lastRecord(last);
            long cutAt = victim.start() + RECORD_HEADER + victim.payloadLength() / 2;
            try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
                ch.truncate(cutAt);
                ch.write(ByteBuffer.wrap(GARBAGE), cutAt);
                ch.force(true);
            }
            long expectedCut = cutAt + GARBAGE.length - victim.start();

            try (CountingHttpServer server = CountingHttpServer.start(port)) {
                platform.start();
                admin = platform.admin();
                Integrations.awaitDrained(admin, id, Duration.ofSeconds(120));

                Set<String> good = new HashSet<>(acked);
                good.remove(victim.id());
                Tally tally = Tally.of(sent, good, server.bodies());
                String expectedLine = "Log integration-http-corrupt: truncated " + expectedCut
                        + " bytes of a partial or corrupt record at the end of " + last.getFileName();
                String logged = platform.logText().lines().filter(l -> l.contains("truncated")).findFirst().orElse("");
                tally.report("corrupt segment tail", String.format("acked %d with the damaged record %s (%d of %d "
                                + "bytes kept, %d bytes of garbage), log says: %s", acked.size(), victim.id(),
                        cutAt - victim.start(), RECORD_HEADER + victim.payloadLength(), GARBAGE.length,
                        logged.substring(logged.indexOf(" - ") + 3)));

                assertThat(platform.logText()).as("the start logs the cut").contains(expectedLine);
                assertThat(tally.lost()).as("records before the damage not delivered: %s", tally.lostSample())
                        .isEmpty();
                assertThat(server.bodies().stream().map(Publishers::id)).as("the damaged record is not delivered")
                        .doesNotContain(victim.id());
                assertThat(platform.errorLines()).as("errors in the platform log").isEmpty();
            }
        }
    }

    /** Where the last record of a segment file starts, its payload length, and the publisher's id in it. */
    private record LastRecord(long start, int payloadLength, String id) {
    }

    private static LastRecord lastRecord(Path segment) throws Exception {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(segment));
        int position = 0;
        int lastStart = -1;
        int lastLength = 0;
        while (position + RECORD_HEADER <= file.limit()) {
            int length = file.getInt(position);
            if (length < 0 || position + RECORD_HEADER + length > file.limit()) {
                break;
            }
            lastStart = position;
            lastLength = length;
            position += RECORD_HEADER + length;
        }
        assertThat(position).as("a cleanly stopped segment ends with a whole record").isEqualTo(file.limit());
        assertThat(lastStart).as("records in %s", segment).isNotNegative();
        String payload = new String(file.array(), lastStart + RECORD_HEADER, lastLength, StandardCharsets.ISO_8859_1);
        Matcher m = ID.matcher(payload);
        assertThat(m.find()).as("a publisher's id in the last record").isTrue();
        return new LastRecord(lastStart, lastLength, m.group().trim());
    }
}
