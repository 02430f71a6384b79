package io.tributary.kafka;

import io.tributary.kafka.check.ConnectionCheck;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.tributary.kafka.TestConfigs.config;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link KafkaIntegrationPlugin#check}: steps against a real cluster and the sample record. */
@Tag("kafka")
@ExtendWith(SharedCluster.class)
class CheckConnectionTest {
    private static final String INTEGRATION_NAME = "Kafka integration";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static TestCluster kafka;

    @BeforeAll
    static void cluster(TestCluster cluster) throws Exception {
        kafka = cluster;
        kafka.createTopic("checked", 3);
    }

    record Step(String name, boolean ok, String detail) {
    }

    /** What the plugin reported. */
    static final class Answer implements CheckOutput {
        final List<Step> steps = new ArrayList<>();
        Map<String, Object> sample;

        @Override
        public void step(String name, boolean ok, String detail) {
            steps.add(new Step(name, ok, detail));
        }

        @Override
        public void sampleRecord(Map<String, Object> record) {
            sample = record;
        }

        Step step(String name) {
            return steps.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no step '" + name + "' in " + steps));
        }
    }

    private static Answer check(Config config, IntegrationMessage sample, Duration timeout) {
        Answer answer = new Answer();
        new KafkaIntegrationPlugin().check(new CheckInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public String integrationName() {
                return INTEGRATION_NAME;
            }

            @Override
            public Map<String, String> metadata() {
                return Map.of("site", "plant1");
            }

            @Override
            public IntegrationMessage sampleMessage() {
                return sample;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        }, answer);
        return answer;
    }

    @Test
    void reachableClusterAndExistingTopicPassEveryStep() {
        Answer a = check(config(BOOTSTRAP_SERVERS, kafka.bootstrap(), TOPIC, "checked"), SampleMessages.temperature("tbmq/kafka-integration"), TIMEOUT);

        assertThat(a.steps).extracting(Step::name).containsExactly(ConnectionCheck.STEP_BOOTSTRAP,
                ConnectionCheck.STEP_AUTHENTICATION, ConnectionCheck.STEP_TOPIC);
        assertThat(a.steps).allMatch(Step::ok);
        assertThat(a.step(ConnectionCheck.STEP_BOOTSTRAP).detail()).contains("1 broker");
        assertThat(a.step(ConnectionCheck.STEP_AUTHENTICATION).detail()).contains("PLAINTEXT");
        assertThat(a.step(ConnectionCheck.STEP_TOPIC).detail()).isEqualTo("checked: 3 partitions");

        assertThat(a.sample).containsEntry("topic", "checked").containsEntry("key", null)
                .containsEntry("headers", List.of()).containsEntry("valueFormat", "json");
        assertThat(a.sample.get("value")).isEqualTo(Map.ofEntries(
                Map.entry("payload", "eyJ0ZW1wZXJhdHVyZSI6MjV9"),
                Map.entry("topicName", "tbmq/kafka-integration"),
                Map.entry("clientId", "tbmq_df52bNUQ"),
                Map.entry("eventType", "PUBLISH_MSG"),
                Map.entry("qos", 1),
                Map.entry("retain", false),
                Map.entry("tbmqIeNode", "tbmq_node"), // the check runs on the broker's node
                Map.entry("tbmqNode", "tbmq_node"),
                Map.entry("ts", 1742554969254L),
                Map.entry("props", Map.of()),
                Map.entry("metadata", Map.of("integrationName", INTEGRATION_NAME, "site", "plant1"))));
    }

    @Test
    void sampleRecordShowsKeyHeadersAndRawPayload() {
        byte[] payload = {0, 1, 2, (byte) 0xFF};
        Answer a = check(config(BOOTSTRAP_SERVERS, kafka.bootstrap(), TOPIC, "checked",
                        SEND_ONLY_MSG_PAYLOAD, true, KEY, "${topicLevel[1]}",
                        KAFKA_HEADERS, Map.of("site", "${metadata.site}")),
                SampleMessages.builder("tbmq/dev-9/status", payload).build(), TIMEOUT);

        assertThat(a.sample).containsEntry("topic", "checked").containsEntry("key", "dev-9")
                .containsEntry("headers", List.of(Map.of("key", "site", "value", "plant1")))
                .containsEntry("valueFormat", "base64")
                .containsEntry("value", Base64.getEncoder().encodeToString(payload));
    }

    @Test
    void missingTopicIsReported() {
        Answer a = check(config(BOOTSTRAP_SERVERS, kafka.bootstrap(), TOPIC, "no.such.topic"), SampleMessages.temperature("tbmq/kafka-integration"), TIMEOUT);
        assertThat(a.step(ConnectionCheck.STEP_BOOTSTRAP).ok()).isTrue();
        Step topic = a.step(ConnectionCheck.STEP_TOPIC);
        assertThat(topic.ok()).isFalse();
        assertThat(topic.detail()).contains("'no.such.topic' does not exist");
    }

    @Test
    void unreachableBootstrapAnswersWithinTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        long started = System.nanoTime();
        Answer a = check(config(BOOTSTRAP_SERVERS, "localhost:" + closedPort), SampleMessages.temperature("tbmq/kafka-integration"), Duration.ofSeconds(4));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(4));
        assertThat(a.step(ConnectionCheck.STEP_BOOTSTRAP).ok()).isFalse();
        assertThat(a.step(ConnectionCheck.STEP_AUTHENTICATION).ok()).isFalse();
        assertThat(a.sample).isNotNull(); // the sample record needs no connection
    }

    @Test
    void wrongCredentialsFailAuthentication() {
        String wrong = "not-alices-pw";
        Answer a = check(config(BOOTSTRAP_SERVERS, kafka.saslPlaintextBootstrap(), TOPIC, "checked",
                OTHER_PROPERTIES, Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", TestCluster.jaas(TestCluster.USER, wrong))), SampleMessages.temperature("tbmq/kafka-integration"), TIMEOUT);

        assertThat(a.step(ConnectionCheck.STEP_BOOTSTRAP).ok()).isTrue();
        Step auth = a.step(ConnectionCheck.STEP_AUTHENTICATION);
        assertThat(auth.ok()).isFalse();
        assertThat(auth.detail()).contains("Authentication failed").doesNotContain(wrong);
    }

    @Test
    void saslSslWithRightCredentialsPassesEveryStep() {
        Answer a = check(config(BOOTSTRAP_SERVERS, kafka.saslSslBootstrap(), TOPIC, "checked",
                OTHER_PROPERTIES, Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", TestCluster.jaas(TestCluster.USER, TestCluster.PASSWORD),
                        "ssl.endpoint.identification.algorithm", "https", "ssl.truststore.type", "PEM",
                        "ssl.truststore.certificates", kafka.certificate().pemOnOneLine())),
                SampleMessages.builder("tbmq/x", "hi".getBytes(StandardCharsets.UTF_8)).build(), TIMEOUT);

        assertThat(a.steps).allMatch(Step::ok);
        assertThat(a.step(ConnectionCheck.STEP_AUTHENTICATION).detail()).isEqualTo("SASL_SSL with SASL mechanism PLAIN");
    }
}
