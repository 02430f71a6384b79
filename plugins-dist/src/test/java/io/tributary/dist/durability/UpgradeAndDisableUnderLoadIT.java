package io.tributary.dist.durability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, proof 4: while 8 QoS 1 publishers keep sending, the Kafka plugin is upgraded (a
 * newer version of the same plugin id copied into {@code plugins/}), then the integration is
 * disabled and enabled again over REST. Publishers never notice; messages that arrive while the
 * integration restarts or is disabled wait in its log; every acknowledged message is in Kafka.
 */
class UpgradeAndDisableUnderLoadIT {
    private static final String TOPIC = "upgrade";
    private static final String NEW_VERSION = "0.1.1";

    @Test
    void upgradeAndDisableEnableLoseNothing() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start();
             Installation platform = Installation.unpack("upgrade-disable", Map.of())) {
            kafka.createTopic(TOPIC);
            platform.start();
            AdminApi admin = platform.admin();
            String id = admin.createIntegration("kafka-upgrade", "KAFKA", "dur/#",
                    Integrations.kafka(kafka.bootstrap(), TOPIC));
            Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(30));

            long started = System.nanoTime();
            try (Publishers publishers = Publishers.start("upgrade", 8, platform.mqttPort(), "dur", 50, 200, 64)) {
                Thread.sleep(4_000);
                long beforeUpgrade = admin.statistics(id).get("succeeded").asLong();
                assertThat(beforeUpgrade).as("flowing before the upgrade").isPositive();

                dropInNewerVersion(platform.home().resolve("plugins"));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> runningVersion(admin).equals(NEW_VERSION));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> admin.status(id).equals("ACTIVE")
                                && admin.statistics(id).get("succeeded").asLong() > beforeUpgrade);
                Thread.sleep(3_000);

                admin.lifecycle(id, "disable");
                Integrations.awaitStatus(admin, id, "DISABLED", Duration.ofSeconds(30));
                JsonNode disabled = admin.statistics(id);
                Thread.sleep(5_000);
                JsonNode stillDisabled = admin.statistics(id);
                assertThat(stillDisabled.get("queued").asLong()).as("queued while disabled")
                        .isGreaterThan(disabled.get("queued").asLong());
                admin.lifecycle(id, "enable");
                Integrations.awaitStatus(admin, id, "ACTIVE", Duration.ofSeconds(30));
                Thread.sleep(3_000);

                publishers.stopSending();
                assertThat(publishers.awaitAcknowledged(Duration.ofSeconds(60))).as("all publishes answered").isTrue();
                JsonNode after = Integrations.awaitDrained(admin, id, Duration.ofSeconds(120));

                List<String> records = kafka.readAll(TOPIC);
                Tally tally = Tally.of(publishers.sent(), publishers.acked(), records);
                tally.report("plugin upgrade + disable/enable", String.format("queued while disabled %d -> %d, "
                                + "redelivered (platform's count) %d, %.1f s", disabled.get("queued").asLong(),
                        stillDisabled.get("queued").asLong(), after.get("redelivered").asLong(),
                        (System.nanoTime() - started) / 1e9));

                assertThat(tally.lost()).as("acknowledged but not in Kafka: %s", tally.lostSample()).isEmpty();
                assertThat(publishers.errors()).as("publishers saw no failure").isEmpty();
                assertThat(tally.acked()).as("every publish acknowledged").isEqualTo(tally.sent());
                assertThat((long) tally.duplicates()).as("duplicates in Kafka, as the platform counts them")
                        .isLessThanOrEqualTo(after.get("redelivered").asLong());
            }
        }
    }

    /** The version of kafka-integration that is STARTED. */
    private static String runningVersion(AdminApi admin) {
        for (JsonNode p : admin.plugins()) {
            if (p.get("id").asString().equals("kafka-integration") && p.get("state").asString().equals("STARTED")) {
                return p.get("version").asString();
            }
        }
        return "";
    }

    /**
     * Repacks the shipped Kafka plugin zip with {@code plugin.version} bumped and moves it into
     * the plugins folder in one rename (written first under a hidden name, which is ignored).
     */
    private static void dropInNewerVersion(Path plugins) throws IOException {
        Path shipped;
        try (Stream<Path> files = Files.list(plugins)) {
            shipped = files.filter(p -> p.getFileName().toString().startsWith("kafka-integration-")).findFirst()
                    .orElseThrow();
        }
        Path hidden = plugins.resolve(".kafka-integration-" + NEW_VERSION + ".zip.part");
        try (ZipFile in = new ZipFile(shipped.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(hidden))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    if (e.getName().equals("plugin.properties")) {
                        out.write(bumped(data.readAllBytes()));
                    } else {
                        data.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        Files.move(hidden, plugins.resolve("kafka-integration-" + NEW_VERSION + ".zip"),
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] bumped(byte[] pluginProperties) throws IOException {
        Properties p = new Properties();
        p.load(new ByteArrayInputStream(pluginProperties));
        assertThat(p.getProperty("plugin.id")).isEqualTo("kafka-integration");
        p.setProperty("plugin.version", NEW_VERSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store((OutputStream) out, null);
        return out.toString(StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
    }
}
