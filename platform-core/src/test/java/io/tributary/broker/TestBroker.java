package io.tributary.broker;

import io.tributary.config.TributaryConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * A real broker on free ports for one test. Close it (try-with-resources or @AfterEach).
 * Overrides use the configuration keys of {@link io.tributary.config.ConfigKey}.
 */
public final class TestBroker implements AutoCloseable {
    private final MqttBroker broker;

    private TestBroker(Map<String, String> overrides) throws InterruptedException {
        Map<String, String> all = new HashMap<>();
        all.put("mqtt.bind", "127.0.0.1");
        all.put("mqtt.port", "0");
        all.put("mqtt.ws.port", "0");
        all.put("node.id", "test-node");
        all.put("mqtt.persistence", "false"); // tests of persistence give a data.dir and turn it on
        all.putAll(overrides);
        this.broker = new MqttBroker(TributaryConfig.of(all)).start();
    }

    public static TestBroker start() throws InterruptedException {
        return new TestBroker(Map.of());
    }

    public static TestBroker start(Map<String, String> overrides) throws InterruptedException {
        return new TestBroker(overrides);
    }

    /** {@code tcp://127.0.0.1:PORT} for Paho. */
    public String tcpUri() {
        return "tcp://127.0.0.1:" + broker.tcpPort();
    }

    /** {@code ws://127.0.0.1:PORT/mqtt}. */
    public String wsUri() {
        return "ws://127.0.0.1:" + broker.wsPort() + "/mqtt";
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
