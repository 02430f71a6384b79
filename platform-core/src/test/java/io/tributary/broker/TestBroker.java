package io.tributary.broker;

import io.tributary.broker.auth.Authenticator;
import io.tributary.broker.auth.Authorizer;
import io.tributary.config.TributaryConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * A real broker on free ports for one test. Close it (try-with-resources or @AfterEach).
 * Overrides use the configuration keys of {@link io.tributary.config.ConfigKey}.
 */
public final class TestBroker implements AutoCloseable {
    private final MqttBroker broker;

    private TestBroker(Map<String, String> overrides, Authorizer authorizer, Authenticator authenticator)
            throws InterruptedException {
        Map<String, String> all = new HashMap<>();
        all.put("mqtt.bind", "127.0.0.1");
        all.put("mqtt.port", "0");
        all.put("mqtt.ws.port", "0");
        all.put("mqtt.tls.port", "0"); // TLS listeners start only when a test gives key material
        all.put("mqtt.wss.port", "0");
        all.put("node.id", "test-node");
        all.put("mqtt.persistence", "false"); // tests of persistence give a data.dir and turn it on
        all.putAll(overrides);
        this.broker = new MqttBroker(TributaryConfig.of(all), authorizer, authenticator).start();
    }

    public static TestBroker start() throws InterruptedException {
        return new TestBroker(Map.of(), null, null);
    }

    public static TestBroker start(Map<String, String> overrides) throws InterruptedException {
        return new TestBroker(overrides, null, null);
    }

    /** With these authorization and authentication hooks (each {@code null}: the built-in ACL rules and user store from {@code auth.*}). */
    public static TestBroker start(Map<String, String> overrides, Authorizer authorizer, Authenticator authenticator)
            throws InterruptedException {
        return new TestBroker(overrides, authorizer, authenticator);
    }

    /** {@code tcp://127.0.0.1:PORT} for Paho. */
    public String tcpUri() {
        return "tcp://127.0.0.1:" + broker.tcpPort();
    }

    /** {@code ws://127.0.0.1:PORT/mqtt}. */
    public String wsUri() {
        return "ws://127.0.0.1:" + broker.wsPort() + "/mqtt";
    }

    /** {@code ssl://127.0.0.1:PORT} (MQTT over TLS) for Paho. */
    public String sslUri() {
        return "ssl://127.0.0.1:" + broker.tlsPort();
    }

    /** {@code wss://127.0.0.1:PORT/mqtt}. */
    public String wssUri() {
        return "wss://127.0.0.1:" + broker.wssPort() + "/mqtt";
    }

    public int tlsPort() {
        return broker.tlsPort();
    }

    public int wssPort() {
        return broker.wssPort();
    }

    public int tcpPort() {
        return broker.tcpPort();
    }

    public int wsPort() {
        return broker.wsPort();
    }

    public BrokerCore core() {
        return broker.core();
    }

    public MqttBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        broker.close();
    }
}
