package io.tributary.broker.tls;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.tributary.broker.Clients.HiveV5;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.TestBroker;
import io.tributary.broker.auth.Authentication;
import io.tributary.broker.auth.Authenticator;
import io.tributary.broker.auth.Authorizer;
import io.tributary.broker.auth.ConnectCredentials;
import io.tributary.broker.ClientConnection;
import io.tributary.broker.protocol.MqttConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mutual TLS: client certificates verified against {@code mqtt.tls.client-ca}, handed to the
 * {@link Authenticator}, and optionally the source of the MQTT user name.
 */
class MutualTlsTest {
    @TempDir
    static Path dir;
    static TlsFixture pki;
    private TestBroker broker;
    /** What the authenticator was shown, by client id. */
    private final Map<String, ConnectCredentials> seen = new ConcurrentHashMap<>();
    private final Authenticator recording = c -> {
        seen.put(c.clientId(), c);
        return CompletableFuture.completedFuture(Authentication.user(c.username()));
    };

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TlsFixture(dir);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start(String clientAuth, String certUsername, Authorizer authorizer) throws Exception {
        Map<String, String> config = pki.mutualConfig(clientAuth);
        config.put("mqtt.tls.cert-username", certUsername);
        broker = TestBroker.start(config, authorizer, recording);
    }

    @Test
    void pahoV3PahoV5AndHiveMqConnectWithAClientCertificate() throws Exception {
        start("required", "none", Authorizer.ALLOW_ALL);
        try (TestClient v3 = TlsFixture.pahoV3(broker.sslUri(), "mtls-v3", pki.context(pki.device, pki.ca));
             TestClient v5 = TlsFixture.pahoV5(broker.sslUri(), "mtls-v5", pki.context(pki.device, pki.ca));
             HiveV5 hive = pki.hive(broker.tlsPort(), "mtls-hive", pki.device, pki.ca, null)) {
            v5.subscribe("mtls/#", 1);
            hive.subscribe("mtls/#", 1);
            v3.publish("mtls/x", "from a device", 1, false);
            assertThat(v5.take(1).get(0).text()).isEqualTo("from a device");
            assertThat(hive.take(1).get(0).text()).isEqualTo("from a device");
        }
        for (String id : new String[]{"mtls-v3", "mtls-v5", "mtls-hive"}) {
            assertThat(seen.get(id).clientCertificate()).as(id).isEqualTo(pki.device.cert());
            assertThat(seen.get(id).username()).as(id).isNull();
        }
    }

    @Test
    void secureWebSocketAsksForTheClientCertificateToo() throws Exception {
        start("required", "none", Authorizer.ALLOW_ALL);
        try (TestClient wss = TlsFixture.pahoV5(broker.wssUri(), "mtls-wss", pki.context(pki.device, pki.ca))) {
            wss.subscribe("wss/#", 1);
            wss.publish("wss/x", "hi", 1, false);
            assertThat(wss.take(1).get(0).text()).isEqualTo("hi");
        }
        assertThat(seen.get("mtls-wss").clientCertificate()).isEqualTo(pki.device.cert());
        assertThatThrownBy(() -> TlsFixture.pahoV5(broker.wssUri(), "wss-no-cert", pki.context()))
                .isInstanceOf(Exception.class);
    }

    @Test
    void withoutACertificateAnExpiredOneOrOneFromAnotherCaTheConnectionIsRefused() throws Exception {
        start("required", "none", Authorizer.ALLOW_ALL);
        assertThatThrownBy(() -> TlsFixture.pahoV3(broker.sslUri(), "no-cert", pki.context()))
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> TlsFixture.pahoV5(broker.sslUri(), "expired",
                pki.context(pki.expired, pki.ca))).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> pki.hive(broker.tlsPort(), "expired-hive", pki.expired, pki.ca, null))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> TlsFixture.pahoV5(broker.sslUri(), "stranger",
                pki.context(pki.stranger, pki.otherCa))).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> pki.hive(broker.tlsPort(), "stranger-hive", pki.stranger, pki.otherCa, null))
                .isInstanceOf(RuntimeException.class);
        // none of them reached CONNECT; the broker still serves a good client
        assertThat(seen).isEmpty();
        try (TestClient ok = TlsFixture.pahoV5(broker.sslUri(), "good", pki.context(pki.device, pki.ca))) {
            ok.subscribe("ok", 0);
        }
        assertThat(seen).containsOnlyKeys("good");
    }

    @Test
    void optionalClientAuthLetsClientsWithoutCertificateInAndVerifiesThoseWithOne() throws Exception {
        start("optional", "none", Authorizer.ALLOW_ALL);
        try (TestClient anonymous = TlsFixture.pahoV5(broker.sslUri(), "no-cert", pki.context(), "alice");
             TestClient device = TlsFixture.pahoV5(broker.sslUri(), "with-cert", pki.context(pki.device, pki.ca))) {
            anonymous.subscribe("opt", 0);
            device.subscribe("opt", 0);
        }
        assertThat(seen.get("no-cert").clientCertificate()).isNull();
        assertThat(seen.get("no-cert").username()).isEqualTo("alice");
        assertThat(seen.get("with-cert").clientCertificate()).isEqualTo(pki.device.cert());
        // a certificate from another CA is still refused
        assertThatThrownBy(() -> TlsFixture.pahoV5(broker.sslUri(), "stranger",
                pki.context(pki.stranger, pki.otherCa))).isInstanceOf(Exception.class);
        assertThat(seen).doesNotContainKey("stranger");
    }

    @Test
    void theCertificatesCommonNameReplacesTheConnectUserNameAndDrivesAuthorization() throws Exception {
        // a device may publish below devices/<its user name>/ only
        Authorizer ownTopics = new Authorizer() {
            @Override
            public boolean canPublish(String clientId, String username, String topic) {
                return username != null && topic.startsWith("devices/" + username + "/");
            }
        };
        start("required", "cn", ownTopics);
        try (TestClient watcher = Kind.PAHO_V5.connect(broker, "watcher");
             HiveV5 device = pki.hive(broker.tlsPort(), "cert-user", pki.device, pki.ca, "mallory")) {
            watcher.subscribe("devices/#", 1);
            ClientConnection conn = broker.core().connections().stream()
                    .filter(c -> c.clientId().equals("cert-user")).findFirst().orElseThrow();
            assertThat(conn.username()).isEqualTo("device-42");
            assertThat(seen.get("cert-user").username()).isEqualTo("device-42");

            assertThatThrownBy(() -> device.client.publishWith().topic("devices/mallory/temp")
                    .payload("spoofed".getBytes()).qos(MqttQos.AT_LEAST_ONCE).send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(
                            e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            device.publish("devices/device-42/temp", "21.5", 1, false);
            var got = watcher.take(1).get(0);
            assertThat(got.topic()).isEqualTo("devices/device-42/temp");
            assertThat(got.text()).isEqualTo("21.5");
        }
        // plain TCP has no certificate: the CONNECT user name stays
        try (TestClient plain = Kind.PAHO_V3_1_1.connect(broker, "plain")) {
            assertThat(seen.get("plain").clientCertificate()).isNull();
        }
    }

    @Test
    void alternativeNamesCanBeTheUserName() throws Exception {
        start("required", "san-email", Authorizer.ALLOW_ALL);
        try (HiveV5 device = pki.hive(broker.tlsPort(), "by-email", pki.device, pki.ca, null)) {
            device.subscribe("x", 0);
        }
        assertThat(seen.get("by-email").username()).isEqualTo("device-42@example.com");
    }

    @Test
    void aCertificateWithoutTheConfiguredNameIsRefused() throws Exception {
        start("required", "san-dns", Authorizer.ALLOW_ALL);
        var noSan = pki.ca.client("bare-device");
        assertThatThrownBy(() -> TlsFixture.pahoV5(broker.sslUri(), "bare", pki.context(noSan, pki.ca)))
                .isInstanceOf(Exception.class);
        assertThat(seen).doesNotContainKey("bare");
        try (TestClient ok = TlsFixture.pahoV5(broker.sslUri(), "named", pki.context(pki.device, pki.ca))) {
            ok.subscribe("x", 0);
        }
        assertThat(seen.get("named").username()).isEqualTo("device-42.devices.example");
    }
}
