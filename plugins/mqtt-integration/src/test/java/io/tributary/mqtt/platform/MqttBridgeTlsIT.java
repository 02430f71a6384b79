package io.tributary.mqtt.platform;

import io.tributary.broker.TestBroker;
import io.tributary.plugin.testkit.AdminClient;
import io.tributary.tls.TestPki;
import io.tributary.tls.TestPki.Ca;
import io.tributary.tls.TestPki.Issued;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge over TLS to a second Tributary broker whose TLS listener has a certificate from a CA
 * made in the test (Bouncy Castle, nothing committed): the CA pasted into the form is trusted, a
 * wrong CA fails with a clear error while the messages wait in the log, and a broker that requires
 * client certificates (mutual TLS) accepts the one pasted with its key. The reader on the remote
 * broker uses its plain TCP listener.
 */
class MqttBridgeTlsIT {
    private static final Duration WAIT = BridgePlatform.WAIT;

    @TempDir
    static Path dir;
    private static final Ca CA = TestPki.ca("Remote broker CA");
    private static final Ca OTHER_CA = TestPki.ca("Someone else's CA");
    private static String caPem;
    private static String otherCaPem;
    private static String clientCertPem;
    private static String clientKeyPem;
    private static Path serverCert;
    private static Path serverKey;
    private static Path caFile;
    private static BridgePlatform bridge;

    private TestBroker remote;

    @BeforeAll
    static void start() throws Exception {
        Issued server = CA.server("remote-broker");
        serverCert = TestPki.writeCerts(dir.resolve("server.pem"), server.cert(), CA.cert());
        serverKey = TestPki.writeKey(dir.resolve("server-key.pem"), server.key());
        caFile = TestPki.writeCerts(dir.resolve("ca.pem"), CA.cert());
        caPem = Files.readString(caFile);
        otherCaPem = Files.readString(TestPki.writeCerts(dir.resolve("other-ca.pem"), OTHER_CA.cert()));
        Issued client = CA.client("bridge-client");
        clientCertPem = Files.readString(TestPki.writeCerts(dir.resolve("client.pem"), client.cert()));
        clientKeyPem = Files.readString(TestPki.writeKey(dir.resolve("client-key.pem"), client.key()));
        bridge = BridgePlatform.start();
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @AfterEach
    void cleanUp() {
        bridge.cleanUp();
        if (remote != null) {
            remote.close();
        }
    }

    /** A remote broker with a TLS listener (and a plain one for the reader); {@code clientAuth}: none or required. */
    private TestBroker startRemote(String clientAuth) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("node.id", "remote");
        c.put("mqtt.tls.cert", serverCert.toString());
        c.put("mqtt.tls.key", serverKey.toString());
        c.put("mqtt.tls.client-auth", clientAuth);
        if (!clientAuth.equals("none")) {
            c.put("mqtt.tls.client-ca", caFile.toString());
        }
        remote = TestBroker.start(c);
        return remote;
    }

    private static Map<String, Object> tls(int port, String ca, Map<String, Object> more) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("ssl", true);
        c.put("tlsTrust", "pem");
        c.put("caCertificate", ca);
        c.put("qos", "1");
        c.putAll(more);
        return BridgePlatform.bridgeTo(port, c);
    }

    private static List<String> publish(MqttClient device, String topic, int count) throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = topic + "#" + i;
            BridgePlatform.publishQos1(device, topic, text);
            sent.add(text);
        }
        return sent;
    }

    @Test
    void theCaPastedIntoTheFormIsTrustedAndEveryMessageArrives() throws Exception {
        TestBroker broker = startRemote("none");
        Inbox inbox = bridge.read(broker.tcpUri(), "tls/#", null, null);
        // pasted into a one-line field: line breaks as a literal \n
        Map<String, Object> config = tls(broker.tlsPort(), caPem.replace("\n", "\\n"), Map.of());
        AdminClient.Response check = bridge.check("tls/#", config);
        assertThat(check.body()).contains("tls://127.0.0.1:" + broker.tlsPort() + " accepted the connection");

        String id = bridge.createBridge("tls", "tls/#", config);
        List<String> sent = publish(bridge.device("tls-device"), "tls/a", 50);
        inbox.awaitAll(sent, WAIT);
        assertThat(inbox.missing(sent)).as("lost").isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(bridge.admin().integration(id).get("status").toString())
                .contains("connected=true", "connected to tls://127.0.0.1:" + broker.tlsPort()));
    }

    @Test
    void aWrongCaFailsWithAClearErrorAndTheMessagesWaitInTheLog() throws Exception {
        TestBroker broker = startRemote("none");
        Inbox inbox = bridge.read(broker.tcpUri(), "wrongca/#", null, null);
        Map<String, Object> wrong = tls(broker.tlsPort(), otherCaPem, Map.of());
        AdminClient.Response check = bridge.check("wrongca/#", wrong);
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.body()).contains("\"ok\":false", "tls://127.0.0.1:" + broker.tlsPort(),
                "unable to find valid certification path");

        AdminClient admin = bridge.admin();
        String id = bridge.createBridge("wrongca", "wrongca/#", wrong);
        List<String> sent = publish(bridge.device("wrongca-device"), "wrongca/a", 20);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(admin.events(id, "ERROR", 10).toString()).contains("SSLHandshakeException",
                    "unable to find valid certification path");
            assertThat(admin.integration(id).get("status").toString()).contains("connected=false");
            assertThat(admin.statistic(id, "queued")).isEqualTo(sent.size());
        });
        assertThat(admin.statistic(id, "succeeded")).isZero();
        assertThat(inbox.missing(sent)).hasSize(sent.size());

        // the operator pastes the right CA: what waited in the log is delivered
        AdminClient.Response fixed = admin.request("PUT", "/api/integrations/" + id,
                BridgePlatform.integration("wrongca", "wrongca/#", tls(broker.tlsPort(), caPem, Map.of())));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        inbox.awaitAll(sent, WAIT);
        assertThat(inbox.missing(sent)).as("lost").isEmpty();
        admin.awaitStatistic(id, "succeeded", sent.size(), WAIT);
        assertThat(admin.statistic(id, "deadLettered")).isZero();
    }

    @Test
    void aBrokerThatRequiresClientCertificatesAcceptsThePastedOne() throws Exception {
        TestBroker broker = startRemote("required");
        Inbox inbox = bridge.read(broker.tcpUri(), "mtls/#", null, null);
        AdminClient.Response without = bridge.check("mtls/#", tls(broker.tlsPort(), caPem, Map.of()));
        assertThat(without.body()).contains("\"ok\":false", "tls://127.0.0.1:" + broker.tlsPort());
        // OpenSSL says TLSV1_ALERT_CERTIFICATE_REQUIRED, the JDK "Received fatal alert: certificate_required"
        assertThat(without.body()).containsIgnoringCase("certificate_required");

        Map<String, Object> mutual = tls(broker.tlsPort(), caPem,
                Map.of("clientCertificate", clientCertPem, "clientKey", clientKeyPem));
        assertThat(bridge.check("mtls/#", mutual).body()).contains("accepted the connection")
                .doesNotContain(keyBody());
        String id = bridge.createBridge("mtls", "mtls/#", mutual);
        List<String> sent = publish(bridge.device("mtls-device"), "mtls/a", 20);
        inbox.awaitAll(sent, WAIT);
        assertThat(inbox.missing(sent)).as("lost").isEmpty();
        // the key is a secret: masked in the API
        assertThat(bridge.admin().request("GET", "/api/integrations/" + id, null).body()).doesNotContain(keyBody());
    }

    /** The base64 body of the client key (no line of it may show up anywhere). */
    private static String keyBody() {
        return clientKeyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }
}
