package io.tributary.broker.tls;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.tributary.broker.Clients.HiveV5;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.PahoV3;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.TestBroker;
import io.tributary.tls.TestPki;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MQTT over TLS and secure WebSocket with server authentication only, with clients we did not write. */
class MqttTlsTest {
    @TempDir
    static Path dir;
    static TlsFixture pki;
    private TestBroker broker;

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

    private TestBroker start(Map<String, String> extra) throws Exception {
        Map<String, String> config = pki.serverConfig();
        config.putAll(extra);
        broker = TestBroker.start(config);
        return broker;
    }

    /** Subscribes, publishes to itself at QoS 1 and gets the message back. */
    private static void roundTrip(TestClient c, String topic) throws Exception {
        c.subscribe(topic, 1);
        c.publish(topic, "over tls", 1, false);
        assertThat(c.take(1).get(0).text()).isEqualTo("over tls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void pahoV3AndV5ExchangeMessagesOverTlsWithEitherProvider(String provider) throws Exception {
        start(Map.of("mqtt.tls.provider", provider));
        assertThat(broker.broker().tls().providerName()).isEqualToIgnoringCase(provider);
        try (TestClient v3 = TlsFixture.pahoV3(broker.sslUri(), "tls-v3", pki.context());
             TestClient v5 = TlsFixture.pahoV5(broker.sslUri(), "tls-v5", pki.context())) {
            roundTrip(v3, "tls/v3");
            v5.subscribe("tls/cross", 1);
            v3.publish("tls/cross", "from v3", 1, false);
            assertThat(v5.take(1).get(0).text()).isEqualTo("from v3");
        }
    }

    @Test
    void hiveMqClientExchangesMessagesWithAPlainTcpClient() throws Exception {
        start(Map.of());
        try (HiveV5 tls = pki.hive(broker.tlsPort(), "tls-hive", null, null, null);
             TestClient plain = Kind.PAHO_V3_1_1.connect(broker, "plain")) {
            roundTrip(tls, "tls/hive");
            plain.subscribe("to-plain", 1);
            tls.publish("to-plain", "from tls", 1, false);
            assertThat(plain.take(1).get(0).text()).isEqualTo("from tls");
        }
    }

    @Test
    void serverPresentsItsChainAndNegotiatesTls13OrTls12Only() throws Exception {
        start(Map.of());
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        SSLContext ctx = TestPki.clientContext(pki.ca.cert(), null, null, seen);
        for (String protocol : new String[]{"TLSv1.3", "TLSv1.2"}) {
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", broker.tlsPort())) {
                s.setEnabledProtocols(new String[]{protocol});
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo(protocol);
            }
        }
        assertThat(seen.get().getSubjectX500Principal().getName()).contains("CN=tributary-test-server");
    }

    @Test
    void tls12OnlyConfigurationRefusesATls13OnlyClient() throws Exception {
        start(Map.of("mqtt.tls.protocols", "TLSv1.2"));
        try (SSLSocket s = (SSLSocket) pki.context().getSocketFactory().createSocket("127.0.0.1", broker.tlsPort())) {
            s.setEnabledProtocols(new String[]{"TLSv1.3"});
            assertThatThrownBy(s::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
        }
        try (TestClient ok = TlsFixture.pahoV5(broker.sslUri(), "tls12", pki.context())) {
            roundTrip(ok, "tls/12");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheServerCaRefusesToConnect() throws Exception {
        start(Map.of());
        SSLContext trustsOtherCa = TestPki.clientContext(pki.otherCa.cert(), null, null);
        assertThatThrownBy(() -> TlsFixture.pahoV3(broker.sslUri(), "wrong-ca-v3", trustsOtherCa))
                .matches(e -> TlsFixture.causedBy(e, javax.net.ssl.SSLHandshakeException.class), "a TLS handshake failure");
        assertThatThrownBy(() -> TlsFixture.pahoV5(broker.sslUri(), "wrong-ca-v5", trustsOtherCa))
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> Mqtt5Client.builder().identifier("wrong-ca-hive").serverHost("127.0.0.1")
                .serverPort(broker.tlsPort()).sslConfig().trustManagerFactory(TestPki.trust(pki.otherCa.cert()))
                .applySslConfig().buildBlocking().connect()).isInstanceOf(RuntimeException.class);
        assertThat(broker.core().connections()).isEmpty();
    }

    @Test
    void plainMqttOnTheTlsPortIsRefusedAndTheBrokerCarriesOn() throws Exception {
        start(Map.of());
        MqttConnectOptions plain = PahoV3.options(MqttConnectOptions.MQTT_VERSION_3_1_1);
        plain.setConnectionTimeout(5);
        long before = System.nanoTime();
        assertThatThrownBy(() -> new PahoV3("tcp://127.0.0.1:" + broker.tlsPort(), "plain-on-tls", plain))
                .isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class);
        // closed at once, not left hanging until a timeout
        assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(4000);
        assertThat(broker.core().connections()).isEmpty();
        try (TestClient tls = TlsFixture.pahoV5(broker.sslUri(), "after-plain", pki.context());
             TestClient tcp = Kind.HIVEMQ_V5.connect(broker, "tcp-after-plain")) {
            roundTrip(tls, "still/tls");
            roundTrip(tcp, "still/tcp");
        }
    }

    @Test
    void secureWebSocketCarriesMqttOnTheWebSocketPath() throws Exception {
        start(Map.of());
        assertThat(broker.wssUri()).isEqualTo("wss://127.0.0.1:" + broker.wssPort() + "/mqtt");
        try (TestClient wss = TlsFixture.pahoV5(broker.wssUri(), "wss-v5", pki.context());
             HiveV5 hive = new HiveV5(pki.hiveBuilder(broker.wssPort(), "wss-hive", null, null)
                     .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking(), true)) {
            roundTrip(wss, "wss/paho");
            hive.subscribe("wss/to-hive", 1);
            wss.publish("wss/to-hive", "hello over wss", 1, false);
            assertThat(hive.take(1).get(0).text()).isEqualTo("hello over wss");
        }
    }

    @Test
    void tlsListenersCanBeTurnedOffOneByOne() throws Exception {
        start(Map.of("mqtt.wss.port", "-1"));
        assertThat(broker.tlsPort()).isPositive();
        assertThat(broker.wssPort()).isEqualTo(-1);
    }
}
