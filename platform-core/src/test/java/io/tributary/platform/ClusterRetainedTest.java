package io.tributary.platform;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.config.TributaryConfig;
import io.tributary.plugin.host.TestPlugins;
import io.tributary.storage.TestPostgres;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retained messages on two (then three) platforms sharing one PostgreSQL: set, replaced or cleared
 * on one node, a new subscriber on another gets what was set last; a node started later loads
 * them; two nodes setting one topic at once end up holding the same message.
 */
class ClusterRetainedTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @TempDir
    Path dir;
    String url;
    final List<AutoCloseable> open = new ArrayList<>();
    Platform a;
    Platform b;

    @BeforeEach
    void twoNodes() throws Exception {
        url = TestPostgres.get().newDatabase();
        a = node("a");
        b = node("b");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Platform node(String name) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve(name + "/plugins"));
        TestPlugins.build(plugins);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("node.id", "node-" + name);
        c.put("data.dir", dir.resolve(name + "/data").toString());
        c.put("plugins.dir", plugins.toString());
        c.put("mqtt.bind", "127.0.0.1");
        c.put("mqtt.port", "0");
        c.put("mqtt.ws.port", "-1");
        c.put("admin.port", "-1");
        c.put("storage.url", url);
        c.put("storage.user", "postgres");
        c.put("secret.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        c.put("integration.durability", "os");
        Platform p = new Platform(TributaryConfig.of(c)).start();
        open.add(p);
        return p;
    }

    private MqttClient client(Platform node) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + node.broker().tcpPort(),
                "retained-" + CLIENTS.incrementAndGet(), new MemoryPersistence());
        c.connect();
        open.add(() -> {
            if (c.isConnected()) {
                c.disconnectForcibly(100);
            }
            c.close();
        });
        return c;
    }

    private void retain(Platform node, String topic, String payload) throws Exception {
        MqttClient c = client(node);
        c.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true);
        c.disconnect();
    }

    /** What a new subscriber to {@code filter} on {@code node} receives as retained within a second. */
    private List<String> retainedFor(Platform node, String filter) throws Exception {
        List<String> got = new ArrayList<>();
        MqttClient c = client(node);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                if (m.isRetained()) {
                    synchronized (got) {
                        got.add(topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        c.subscribe(filter, 1);
        Thread.sleep(1000);
        c.disconnect();
        synchronized (got) {
            return List.copyOf(got);
        }
    }

    private static String held(Platform node, String topic) {
        List<BrokerMessage> m = node.broker().core().retained().match(topic);
        return m.isEmpty() ? null : new String(m.get(0).payload(), StandardCharsets.UTF_8);
    }

    @Test
    void aRetainedMessageSetReplacedOrClearedOnOneNodeIsWhatANewSubscriberOnAnotherGets() throws Exception {
        retain(a, "plant/line-1/state", "running");
        await().atMost(WITHIN).until(() -> "running".equals(held(b, "plant/line-1/state")));
        assertThat(retainedFor(b, "plant/#")).containsExactly("plant/line-1/state=running");

        retain(b, "plant/line-1/state", "stopped");
        retain(b, "plant/line-2/state", "idle");
        await().atMost(WITHIN).until(() -> "stopped".equals(held(a, "plant/line-1/state"))
                && "idle".equals(held(a, "plant/line-2/state")));
        assertThat(retainedFor(a, "plant/#")).containsExactlyInAnyOrder("plant/line-1/state=stopped",
                "plant/line-2/state=idle");

        retain(a, "plant/line-1/state", ""); // cleared
        await().atMost(WITHIN).until(() -> held(b, "plant/line-1/state") == null);
        assertThat(retainedFor(b, "plant/#")).containsExactly("plant/line-2/state=idle");

        // a node that starts later loads them before it accepts clients
        Platform c = node("c");
        assertThat(held(c, "plant/line-2/state")).isEqualTo("idle");
        assertThat(retainedFor(c, "plant/#")).containsExactly("plant/line-2/state=idle");
    }

    @Test
    void twoNodesSettingOneTopicAtOnceEndUpWithTheSameMessage() throws Exception {
        for (int round = 0; round < 5; round++) {
            MqttClient onA = client(a);
            MqttClient onB = client(b);
            String topic = "race/" + round;
            Thread t = new Thread(() -> {
                try {
                    onA.publish(topic, "from-a".getBytes(StandardCharsets.UTF_8), 1, true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            onB.publish(topic, "from-b".getBytes(StandardCharsets.UTF_8), 1, true);
            t.join();
            await().atMost(WITHIN).until(() -> held(a, topic) != null && held(a, topic).equals(held(b, topic)));
            Thread.sleep(1200); // and it stays so
            assertThat(held(a, topic)).as("round %d", round).isEqualTo(held(b, topic));
        }
    }
}
