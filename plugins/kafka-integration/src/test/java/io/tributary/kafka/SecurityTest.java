package io.tributary.kafka;

import io.tributary.plugin.testkit.RecordedEvents.Connectivity;
import io.tributary.plugin.testkit.RunningIntegration;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.tributary.kafka.TestConfigs.plugin;
import static io.tributary.kafka.TestConfigs.values;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * SASL_PLAINTEXT and SASL_SSL (PLAIN) listeners configured through {@code otherProperties} with
 * the seed's keys: right credentials deliver; wrong credentials or an untrusted certificate give
 * an error event and a disconnected status, without secrets in any text.
 */
@Tag("kafka")
@ExtendWith(SharedCluster.class)
class SecurityTest {
    private static final String WRONG_PASSWORD = "wrong-pw-0815";
    /** Until Kafka acknowledged the record. */
    private static final Duration DELIVERED = Duration.ofSeconds(30);
    private static TestCluster kafka;

    @BeforeAll
    static void cluster(TestCluster cluster) {
        kafka = cluster;
    }

    private static Map<String, String> saslPlaintext(String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", TestCluster.jaas(TestCluster.USER, password));
    }

    /** The seed's Confluent Cloud properties, plus the test's certificate as a PEM trust store. */
    private static Map<String, String> saslSsl(String password, TlsCertificate trusted) {
        Map<String, String> p = new HashMap<>();
        p.put("ssl.endpoint.identification.algorithm", "https");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", TestCluster.jaas(TestCluster.USER, password));
        p.put("security.protocol", "SASL_SSL");
        p.put("ssl.truststore.type", "PEM");
        // pasted on one line: the plugin turns the literal \n back into newlines
        p.put("ssl.truststore.certificates", trusted.pemOnOneLine());
        return p;
    }

    @Test
    void saslPlaintextWithRightCredentialsDelivers() throws Exception {
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.saslPlaintextBootstrap(),
                TOPIC, "sasl-plaintext", OTHER_PROPERTIES, saslPlaintext(TestCluster.PASSWORD)))) {
            it.deliver(SampleMessages.temperature("tbmq/kafka-integration"), DELIVERED);
            await().atMost(Duration.ofSeconds(10)).until(() -> connected(it));
            assertThat(it.events().errors()).isEmpty();
        }
        assertThat(kafka.consume("sasl-plaintext", 1, Duration.ofSeconds(20))).hasSize(1);
    }

    @Test
    void saslPlaintextWithWrongCredentialsReportsErrorAndDisconnected() throws Exception {
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.saslPlaintextBootstrap(),
                TOPIC, "sasl-wrong", OTHER_PROPERTIES, saslPlaintext(WRONG_PASSWORD)))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> disconnected(it));
            assertThat(it.events().errors()).anySatisfy(e -> assertThat(e.text())
                    .contains("SaslAuthenticationException").contains("Authentication failed"));
            assertThat(it.events().lastConnectivity().orElseThrow().detail()).contains("Authentication failed");
            assertThatThrownBy(() -> it.process(SampleMessages.temperature("tbmq/kafka-integration")).get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            assertNoSecrets(it);
        }
    }

    @Test
    void saslSslWithTheTestCertificateDelivers() throws Exception {
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.saslSslBootstrap(),
                TOPIC, "sasl-ssl", OTHER_PROPERTIES, saslSsl(TestCluster.PASSWORD, kafka.certificate())))) {
            it.deliver(SampleMessages.temperature("tbmq/kafka-integration"), DELIVERED);
            await().atMost(Duration.ofSeconds(10)).until(() -> connected(it));
            assertThat(it.events().errors()).isEmpty();
        }
        assertThat(kafka.consume("sasl-ssl", 1, Duration.ofSeconds(20))).hasSize(1);
    }

    @Test
    void saslSslWithWrongCredentialsReportsAuthenticationFailure() throws Exception {
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.saslSslBootstrap(),
                TOPIC, "sasl-ssl-wrong", OTHER_PROPERTIES, saslSsl(WRONG_PASSWORD, kafka.certificate())))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> disconnected(it));
            assertThat(it.events().errors()).anySatisfy(e -> assertThat(e.text()).contains("Authentication failed"));
            assertNoSecrets(it);
        }
    }

    @Test
    void saslSslRejectsAnUntrustedCertificate() throws Exception {
        Path dir = TlsCertificate.tempDir();
        TlsCertificate stranger = TlsCertificate.localhost(dir, "stranger");
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, kafka.saslSslBootstrap(),
                TOPIC, "sasl-ssl-untrusted", OTHER_PROPERTIES, saslSsl(TestCluster.PASSWORD, stranger)))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> disconnected(it));
            assertThat(it.events().errors()).anySatisfy(e -> assertThat(e.text()).contains("SslAuthenticationException"));
            assertNoSecrets(it);
        }
    }

    @Test
    void saslSslChecksTheHostName() throws Exception {
        // the certificate names localhost only: an IP address must fail endpoint identification
        String byIp = kafka.saslSslBootstrap().replace("localhost", "127.0.0.1");
        try (RunningIntegration it = RunningIntegration.start(plugin(), values(BOOTSTRAP_SERVERS, byIp,
                TOPIC, "sasl-ssl-ip", OTHER_PROPERTIES, saslSsl(TestCluster.PASSWORD, kafka.certificate())))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> disconnected(it));
            assertThat(it.events().errors()).anySatisfy(e -> assertThat(e.text()).contains("SslAuthenticationException"));
        }
    }

    private static boolean connected(RunningIntegration it) {
        return it.events().lastConnectivity().map(Connectivity::connected).orElse(false);
    }

    private static boolean disconnected(RunningIntegration it) {
        return it.events().lastConnectivity().map(c -> !c.connected()).orElse(false);
    }

    private static void assertNoSecrets(RunningIntegration it) {
        assertThat(it.events().texts()).allSatisfy(e -> assertThat(e)
                .doesNotContain(WRONG_PASSWORD).doesNotContain(TestCluster.PASSWORD).doesNotContain("PlainLoginModule"));
    }
}
