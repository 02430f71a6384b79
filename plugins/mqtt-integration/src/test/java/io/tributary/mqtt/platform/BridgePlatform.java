package io.tributary.mqtt.platform;

import io.tributary.plugin.testkit.AdminClient;
import io.tributary.plugin.testkit.PluginTestKit;
import io.tributary.plugin.testkit.TestPlatform;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The platform under test, set up once for every *IT of the bridge: the packaged zip loaded by the
 * real platform (quick retries), its admin API, and the Paho v5 clients a test opens — devices
 * publishing to the platform and readers ({@link Inbox}) on whatever broker is the remote.
 * {@link #cleanUp()} after each test closes the clients and deletes the integrations.
 */
final class BridgePlatform implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final TestPlatform platform;
    private final List<MqttClient> clients = new CopyOnWriteArrayList<>();

    private BridgePlatform(TestPlatform platform) {
        this.platform = platform;
    }

    static BridgePlatform start() {
        return new BridgePlatform(TestPlatform.builder().plugin(PluginTestKit.builtZip())
                .config("integration.retry-initial-ms", "100").config("integration.retry-max-ms", "500").start());
    }

    AdminClient admin() {
        return platform.admin();
    }

    /**
     * The bridge's {@code clientConfiguration} for a remote broker on {@code 127.0.0.1:port}, reconnecting
     * quickly (100 ms, at most 1 s apart), with {@code more} on top.
     */
    static Map<String, Object> bridgeTo(int port, Map<String, ?> more) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("host", "127.0.0.1");
        c.put("port", port);
        c.put("reconnectInitialDelayMs", 100);
        c.put("reconnectMaxDelaySec", 1);
        c.putAll(more);
        return c;
    }

    /** Creates an enabled bridge of the messages matching {@code filter} and waits until it is active. */
    String createBridge(String name, String filter, Map<String, Object> clientConfiguration) {
        String id = admin().createIntegration(name, "MQTT", List.of(filter), clientConfiguration);
        admin().awaitStatus(id, "ACTIVE", WAIT);
        return id;
    }

    /** The body of {@code POST /api/integrations} and {@code PUT /api/integrations/{id}}. */
    static Map<String, Object> integration(String name, String filter, Map<String, Object> clientConfiguration) {
        return Map.of("name", name, "type", "MQTT", "enabled", true, "configuration", Map.of(
                "topicFilters", List.of(filter), "clientConfiguration", clientConfiguration, "metadata", Map.of()));
    }

    /** {@code POST /api/integrations/check} with this configuration. */
    AdminClient.Response check(String filter, Map<String, Object> clientConfiguration) {
        return admin().request("POST", "/api/integrations/check", Map.of("name", "check", "type", "MQTT",
                "configuration", Map.of("topicFilters", List.of(filter), "clientConfiguration", clientConfiguration)));
    }

    /** A device connected to the platform (clean start, anonymous). */
    MqttClient device(String clientId) throws Exception {
        return connect(platform.mqttUri(), clientId, new MqttConnectionOptions(), null);
    }

    /** Publishes {@code text} with QoS 1 and returns when the platform acknowledged it (PUBACK). */
    static void publishQos1(MqttClient device, String topic, String text) throws Exception {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish(topic, m);
    }

    /** A Paho v5 client connected to {@code uri}, closed by {@link #cleanUp()}; {@code inbox} gets its messages. */
    MqttClient connect(String uri, String clientId, MqttConnectionOptions options, Inbox inbox) throws Exception {
        MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
        if (inbox != null) {
            c.setCallback(inbox);
        }
        clients.add(c);
        c.connect(options);
        return c;
    }

    /** A reader on {@code uri} subscribed to {@code filter} with QoS 2 (clean start; {@code user} may be null). */
    Inbox read(String uri, String filter, String user, String password) throws Exception {
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        Inbox inbox = new Inbox();
        MqttClient reader = connect(uri, "reader-" + System.nanoTime(), o, inbox);
        reader.subscribe(new MqttSubscription[]{new MqttSubscription(filter, 2)});
        return inbox;
    }

    /** Closes the clients of the test and deletes its integrations, also those with queued messages. */
    void cleanUp() {
        for (MqttClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnect(1000);
                }
                c.close(true);
            } catch (Exception e) {
                // a client whose broker is gone: nothing to clean up
            }
        }
        clients.clear();
        Object json = admin().request("GET", "/api/integrations", null).json();
        Object data = json instanceof Map<?, ?> m ? m.get("data") : json;
        if (data instanceof List<?> l) {
            for (Object i : l) {
                admin().request("DELETE", "/api/integrations/" + ((Map<?, ?>) i).get("id") + "?discardQueued=true", null);
            }
        }
    }

    @Override
    public void close() {
        cleanUp();
        platform.close();
    }
}
