package io.tributary.platform;

import io.tributary.config.TributaryConfig;
import io.tributary.plugin.host.TestPlugins;
import io.tributary.storage.TestPostgres;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client-id takeover across two platforms sharing one PostgreSQL (default takeover interval): a
 * client id connected on node A and then on node B loses its connection on A within about a
 * second (MQTT 5: DISCONNECT 0x8E), the one on B stays, and so on back and forth; Paho v5 and v3.1.1.
 */
class ClusterTakeoverTest {
    /** "Within about a second", with room for a loaded test machine. */
    private static final Duration TAKEN_OVER_WITHIN = Duration.ofMillis(2500);

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();
    Platform a;
    Platform b;

    @BeforeEach
    void twoNodes() throws Exception {
        String url = TestPostgres.get().newDatabase();
        a = node("a", url);
        b = node("b", url);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Platform node(String name, String url) throws Exception {
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

    /** A Paho v5 client and the reason code of the DISCONNECT the server sent it. */
    private final class V5 implements MqttCallback {
        final MqttClient client;
        final CompletableFuture<Integer> disconnected = new CompletableFuture<>();
        final List<String> received = new ArrayList<>();

        V5(Platform node, String clientId) throws MqttException {
            client = new MqttClient("tcp://127.0.0.1:" + node.broker().tcpPort(), clientId, new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setAutomaticReconnect(false);
            client.connect(o);
            open.add(() -> {
                if (client.isConnected()) {
                    client.disconnectForcibly(100);
                }
                client.close();
            });
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            disconnected.complete(r.getReturnCode());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) {
            synchronized (received) {
                received.add(new String(m.getPayload(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    @Test
    void anMqtt5ClientIdConnectedOnAnotherNodeClosesTheOlderConnectionWithSessionTakenOver() throws Exception {
        V5 onA = new V5(a, "sensor-42");
        Thread.sleep(600); // its claim is written: the newer connection below gets the higher one
        long start = System.nanoTime();
        V5 onB = new V5(b, "sensor-42");

        int reason = onA.disconnected.get(TAKEN_OVER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(reason).as("DISCONNECT reason: session taken over").isEqualTo(0x8E);
        assertThat(took).isLessThan(TAKEN_OVER_WITHIN);
        await().atMost(Duration.ofSeconds(2)).until(() -> !onA.client.isConnected());
        assertThat(a.broker().core().connection("sensor-42")).as("node A holds no connection for it").isNull();

        // the newer connection stays, and works
        Thread.sleep(1500);
        assertThat(onB.client.isConnected()).isTrue();
        assertThat(onB.disconnected).isNotDone();
        onB.client.subscribe("takeover/echo", 1);
        onB.client.publish("takeover/echo", "still here".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            synchronized (onB.received) {
                return onB.received.contains("still here");
            }
        });

        // and back: connecting on A again takes it from B
        V5 againOnA = new V5(a, "sensor-42");
        assertThat(onB.disconnected.get(TAKEN_OVER_WITHIN.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(0x8E);
        Thread.sleep(1000);
        assertThat(againOnA.client.isConnected()).isTrue();
        assertThat(b.broker().core().connection("sensor-42")).isNull();

        // other client ids are left alone
        V5 bystander = new V5(b, "bystander");
        Thread.sleep(1000);
        assertThat(againOnA.client.isConnected()).isTrue();
        assertThat(bystander.client.isConnected()).isTrue();
    }

    @Test
    void anMqtt311ClientIdConnectedOnAnotherNodeClosesTheOlderConnectionAndItsWillIsPublished() throws Exception {
        CompletableFuture<String> will = new CompletableFuture<>();
        org.eclipse.paho.client.mqttv3.MqttClient watcher = v3(a, "will-watcher", null);
        watcher.subscribe("wills/#", 1, (topic, m) -> will.complete(topic + "=" + new String(m.getPayload(),
                StandardCharsets.UTF_8)));
        CompletableFuture<Throwable> lost = new CompletableFuture<>();
        org.eclipse.paho.client.mqttv3.MqttClient onA = v3(a, "meter-7", "wills/meter-7");
        onA.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        Thread.sleep(600);
        long start = System.nanoTime();
        org.eclipse.paho.client.mqttv3.MqttClient onB = v3(b, "meter-7", null);

        lost.get(TAKEN_OVER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TAKEN_OVER_WITHIN);
        assertThat(onA.isConnected()).isFalse();
        Thread.sleep(1500);
        assertThat(onB.isConnected()).as("the newer connection stays").isTrue();
        onB.publish("meter/7", "ok".getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(a.broker().core().connection("meter-7")).isNull();
        assertThat(b.broker().core().connection("meter-7")).isNotNull();
        // its session on node A ended with it: the will went out there
        assertThat(will.get(5, TimeUnit.SECONDS)).isEqualTo("wills/meter-7=gone");
    }

    /** An MQTT 5 client with a session that outlives its connection by an hour, subscribed to {@code filter}. */
    private MqttClient persistentV5(Platform node, String clientId, String filter) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + node.broker().tcpPort(), clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(false);
        c.connect(o);
        open.add(c::close);
        c.subscribe(filter, 1);
        return c;
    }

    private static boolean hasSession(Platform node, String clientId) {
        return node.broker().core().sessions().get(clientId) != null;
    }

    @Test
    void anOfflineMqtt5SessionOnNodeAEndsWhenItsClientIdConnectsToNodeB() throws Exception {
        MqttClient onA = persistentV5(a, "sensor-9", "plant/sensor-9/#");
        MqttClient bystander = persistentV5(a, "sensor-10", "plant/sensor-10/#");
        Thread.sleep(600); // their claims are written
        onA.disconnect();
        bystander.disconnect();
        Thread.sleep(1500);
        assertThat(hasSession(a, "sensor-9")).as("offline session kept on node A while nobody claims it").isTrue();
        assertThat(a.broker().core().router().filters()).contains("plant/sensor-9/#", "plant/sensor-10/#");

        long start = System.nanoTime();
        V5 onB = new V5(b, "sensor-9"); // clean start, on the other node
        await().atMost(TAKEN_OVER_WITHIN).until(() -> !hasSession(a, "sensor-9"));
        System.out.println("offline session on node A ended " + Duration.ofNanos(System.nanoTime() - start).toMillis()
                + " ms after its client connected to node B");
        assertThat(a.broker().core().router().filters()).as("node A's filters, as the other nodes see them")
                .doesNotContain("plant/sensor-9/#").contains("plant/sensor-10/#");
        Thread.sleep(1000);
        assertThat(hasSession(a, "sensor-10")).as("another client's offline session stays").isTrue();
        assertThat(onB.client.isConnected()).as("the connection on node B stays").isTrue();
        assertThat(hasSession(b, "sensor-9")).isTrue();
    }

    @Test
    void anOfflineMqtt311PersistentSessionOnNodeAEndsWhenItsClientIdConnectsToNodeB() throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient onA = new org.eclipse.paho.client.mqttv3.MqttClient(
                "tcp://127.0.0.1:" + a.broker().tcpPort(), "meter-9",
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        onA.connect(o);
        open.add(onA::close);
        onA.subscribe("meter/9/#", 1);
        Thread.sleep(600);
        onA.disconnect();
        Thread.sleep(1000);
        assertThat(hasSession(a, "meter-9")).as("clean session false: kept on node A").isTrue();

        org.eclipse.paho.client.mqttv3.MqttClient onB = v3(b, "meter-9", null);
        await().atMost(TAKEN_OVER_WITHIN).until(() -> !hasSession(a, "meter-9"));
        assertThat(a.broker().core().router().filters()).doesNotContain("meter/9/#");
        assertThat(onB.isConnected()).isTrue();
    }

    private org.eclipse.paho.client.mqttv3.MqttClient v3(Platform node, String clientId, String willTopic)
            throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient(
                "tcp://127.0.0.1:" + node.broker().tcpPort(), clientId,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        if (willTopic != null) {
            o.setWill(willTopic, "gone".getBytes(StandardCharsets.UTF_8), 1, false);
        }
        c.connect(o);
        open.add(() -> {
            if (c.isConnected()) {
                c.disconnectForcibly(100);
            }
            c.close();
        });
        return c;
    }
}
