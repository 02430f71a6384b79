package io.tributary.dist.durability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code log.format=json} on the real distribution: what a log shipper reads is one JSON object
 * per line, from the first line to the last, and secrets stay out of it even at DEBUG.
 */
class JsonLogIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KAFKA_PASSWORD = "json-log-kafka-secret-4471";

    @Test
    @SuppressWarnings("unchecked")
    void everyLineIsAJsonObjectWithLevelLoggerAndMessageAndNoSecret() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Installation tributary = Installation.unpack("json-log", Map.of("log.format", "json"))) {
            tributary.env("TRIBUTARY_LOG_LEVEL", "DEBUG");
            tributary.start();
            AdminApi admin = tributary.admin();
            Map<String, Object> config = new HashMap<>(Integrations.kafka("127.0.0.1:" + closedPort, "orders"));
            Map<String, Object> other = new HashMap<>((Map<String, Object>) config.get("otherProperties"));
            other.put("security.protocol", "SASL_PLAINTEXT");
            other.put("sasl.mechanism", "PLAIN");
            other.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"tributary\" password=\"" + KAFKA_PASSWORD + "\";");
            config.put("otherProperties", other);
            String id = admin.createIntegration("secretive", "KAFKA", "orders/#", config);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    !admin.integration(id).get("status").get("connected").asBoolean(true));
            tributary.stop();

            List<JsonNode> lines = parse(tributary.log());
            assertThat(lines).extracting(l -> l.get("level").asString()).contains("DEBUG", "INFO", "WARN");
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.get("level").asString()).isEqualTo("WARN");
                assertThat(l.get("loggerName").asString()).isEqualTo("integration.secretive");
                assertThat(l.get("formattedMessage").asString())
                        .startsWith("Integration 'secretive' (KAFKA): destination unreachable: ");
            });
            assertThat(lines).anySatisfy(l -> assertThat(l.get("formattedMessage").asString())
                    .contains("Tributary node 'json-log' ready in "));
            String text = tributary.logText();
            assertThat(text).doesNotContain(KAFKA_PASSWORD).doesNotContain(Installation.PASSWORD);

            // the environment variable does the same without the key
            Path conf = tributary.home().resolve("conf/tributary.properties");
            Files.writeString(conf, Files.readString(conf).replace("log.format=json", ""));
            long before = lines.size();
            tributary.env("TRIBUTARY_LOG_FORMAT", "json");
            tributary.start();
            tributary.stop();
            List<JsonNode> again = parse(tributary.log());
            assertThat(again.size()).isGreaterThan((int) before);
            assertThat(tributary.logText()).doesNotContain(KAFKA_PASSWORD).doesNotContain(Installation.PASSWORD);
        }
    }

    /** Every line of the log as a JSON object with the fields a shipper indexes; fails on any other line. */
    private static List<JsonNode> parse(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty();
        return lines.stream().map(line -> {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
            assertThat(node.get("timestamp").isNumber()).as("timestamp of %s", line).isTrue();
            assertThat(node.get("level").asString()).as("level of %s", line).isIn("TRACE", "DEBUG", "INFO", "WARN",
                    "ERROR");
            assertThat(node.get("loggerName").asString()).as("logger of %s", line).isNotBlank();
            assertThat(node.get("formattedMessage").isString()).as("message of %s", line).isTrue();
            return node;
        }).toList();
    }
}
