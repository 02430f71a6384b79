package io.tributary.broker.tls;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.tributary.broker.Clients.HiveV5;
import io.tributary.broker.Clients.PahoV3;
import io.tributary.broker.Clients.PahoV5;
import io.tributary.broker.Clients.TestClient;
import io.tributary.tls.TestPki;
import io.tributary.tls.TestPki.Ca;
import io.tributary.tls.TestPki.Issued;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One test PKI on disk (made fresh per test class, never committed): a CA with a server certificate
 * for localhost/127.0.0.1, client certificates, and a second CA nobody trusts; plus the MQTT clients
 * we did not write, connected over TLS with a given client context.
 */
final class TlsFixture {
    final Path dir;
    final Ca ca = TestPki.ca("Tributary test CA");
    final Ca otherCa = TestPki.ca("Someone else's CA");
    final Issued server = ca.server("tributary-test-server");
    final Issued device = ca.client("device-42", "device-42.devices.example", "device-42@example.com");
    final Issued expired = ca.expiredClient("expired-device");
    final Issued stranger = otherCa.client("device-42");
    final Path caFile;
    final Path certFile;
    final Path keyFile;

    TlsFixture(Path dir) throws Exception {
        this.dir = dir;
        this.caFile = TestPki.writeCerts(dir.resolve("ca.pem"), ca.cert());
        this.certFile = TestPki.writeCerts(dir.resolve("server.pem"), server.cert(), ca.cert());
        this.keyFile = TestPki.writeKey(dir.resolve("server-key.pem"), server.key());
    }

    /** Server key material as PEM files, TLS listeners on free ports. */
    Map<String, String> serverConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("mqtt.tls.cert", certFile.toString());
        c.put("mqtt.tls.key", keyFile.toString());
        return c;
    }

    /** As {@link #serverConfig()}, asking for client certificates from {@link #ca}. */
    Map<String, String> mutualConfig(String clientAuth) {
        Map<String, String> c = serverConfig();
        c.put("mqtt.tls.client-auth", clientAuth);
        c.put("mqtt.tls.client-ca", caFile.toString());
        return c;
    }

    /** Trusts the test CA; presents {@code client} (issued by {@code clientCa}) unless {@code null}. */
    SSLContext context(Issued client, Ca clientCa) {
        return TestPki.clientContext(ca.cert(), client, clientCa);
    }

    SSLContext context() {
        return context(null, null);
    }

    static TestClient pahoV3(String uri, String clientId, SSLContext ssl) throws Exception {
        MqttConnectOptions o = PahoV3.options(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setSocketFactory(ssl.getSocketFactory());
        o.setConnectionTimeout(5);
        return new PahoV3(uri, clientId, o);
    }

    static PahoV5 pahoV5(String uri, String clientId, SSLContext ssl) throws Exception {
        return pahoV5(uri, clientId, ssl, null);
    }

    static PahoV5 pahoV5(String uri, String clientId, SSLContext ssl, String username) throws Exception {
        MqttConnectionOptions o = PahoV5.defaultOptions();
        o.setSocketFactory(ssl.getSocketFactory());
        o.setConnectionTimeout(5);
        if (username != null) {
            o.setUserName(username);
        }
        return new PahoV5(uri, clientId, o);
    }

    /** HiveMQ MQTT 5 client over TLS to {@code port}, trusting the test CA, presenting {@code client}. */
    HiveV5 hive(int port, String clientId, Issued client, Ca clientCa, String username) {
        Mqtt5BlockingClient c = hiveBuilder(port, clientId, client, clientCa).buildBlocking();
        HiveV5 wrapped = new HiveV5(c, false); // registers its message queue before connecting
        connect(c, username);
        return wrapped;
    }

    Mqtt5ClientBuilder hiveBuilder(int port, String clientId, Issued client, Ca clientCa) {
        var ssl = Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
                .sslConfig().trustManagerFactory(TestPki.trust(ca.cert()));
        if (client != null) {
            ssl = ssl.keyManagerFactory(TestPki.keys(client, clientCa));
        }
        return ssl.applySslConfig();
    }

    /** Whether {@code type} is anywhere in the cause chain of {@code e}. */
    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static Mqtt5BlockingClient connect(Mqtt5BlockingClient client, String username) {
        if (username == null) {
            client.connect();
        } else {
            client.connectWith().simpleAuth().username(username).applySimpleAuth().send();
        }
        return client;
    }
}
