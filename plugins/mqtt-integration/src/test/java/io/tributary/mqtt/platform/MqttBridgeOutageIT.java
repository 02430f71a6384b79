package io.tributary.mqtt.platform;

import io.tributary.broker.TestBroker;
import io.tributary.plugin.testkit.AdminClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product's promise across an outage of the remote broker: a second Tributary broker on a fixed
 * port (so it comes back where the bridge reconnects) with persistent sessions in its own data
 * directory is stopped in the middle of a stream of QoS 1 messages and started again. Every message
 * the platform acknowledged to the device arrives at the reader on the remote broker, counted one
 * by one; duplicates are allowed (at least once) and counted, nothing is lost.
 */
class MqttBridgeOutageIT {
    private static final Duration WAIT = BridgePlatform.WAIT;
    private static final Logger LOG = LoggerFactory.getLogger(MqttBridgeOutageIT.class);

    @TempDir
    Path remoteData;

    private BridgePlatform bridge;
    private TestBroker remote;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = freePort();
        remote = startRemote();
        bridge = BridgePlatform.start();
    }

    @AfterEach
    void stop() {
        bridge.close();
        if (remote != null) {
            remote.close();
        }
    }

    private TestBroker startRemote() throws InterruptedException {
        return TestBroker.start(Map.of("node.id", "remote", "mqtt.port", Integer.toString(port),
                "mqtt.ws.port", "-1", "mqtt.tls.port", "-1", "mqtt.wss.port", "-1",
                "mqtt.persistence", "true", "data.dir", remoteData.toString()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void everyMessageArrivesAfterTheRemoteBrokerWasDownMidStream() throws Exception {
        // the reader keeps its session on the remote broker (and in its journal) while either is away
        Inbox inbox = new Inbox();
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 1);
        MqttClient reader = bridge.connect("tcp://127.0.0.1:" + port, "outage-reader", o, inbox);
        reader.subscribe(new MqttSubscription[]{new MqttSubscription("outage/#", 1)});

        AdminClient admin = bridge.admin();
        String id = bridge.createBridge("outage", "outage/#", BridgePlatform.bridgeTo(port, Map.of("qos", "1")));
        MqttClient device = bridge.device("outage-device");
        List<String> sent = new ArrayList<>();

        publish(device, sent, 100);
        remote.close(); // at once: some of these are still on their way
        remote = null;
        publish(device, sent, 100); // each acknowledged by the platform: stored in the integration's log

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> status = map(admin.integration(id).get("status"));
            assertThat(status.get("connected")).as("status %s", status).isEqualTo(false);
            assertThat(status.toString()).contains("remote broker tcp://127.0.0.1:" + port);
            assertThat(admin.events(id, "ERROR", 20).toString()).contains("remote broker tcp://127.0.0.1:" + port);
            assertThat(admin.statistic(id, "failed")).as("failed attempts").isPositive();
            assertThat(admin.statistic(id, "queued")).as("waiting in the log").isPositive();
        });
        assertThat(inbox.missing(sent)).as("messages published while the remote was down are not there yet")
                .isNotEmpty();

        remote = startRemote();
        publish(device, sent, 100);

        inbox.awaitAll(sent, Duration.ofSeconds(60));
        assertThat(inbox.missing(sent)).as("lost of %d (received %d duplicates)", sent.size(), inbox.duplicates())
                .isEmpty();
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> status = map(admin.integration(id).get("status"));
            assertThat(status.get("connected")).as("status %s", status).isEqualTo(true);
            assertThat(status.toString()).contains("connected to tcp://127.0.0.1:" + port);
            assertThat(admin.statistic(id, "queued")).isZero();
        });
        LOG.info("Outage: {} messages sent, all {} received, {} duplicates, {} failed attempts", sent.size(),
                sent.size(), inbox.duplicates(), admin.statistic(id, "failed"));
        assertThat(admin.statistic(id, "succeeded")).isGreaterThanOrEqualTo(sent.size());
        assertThat(admin.statistic(id, "deadLettered")).isZero();
        assertThat(admin.statistic(id, "abandoned")).isZero();
    }

    private static void publish(MqttClient device, List<String> sent, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String text = "m-" + sent.size();
            BridgePlatform.publishQos1(device, "outage/" + sent.size(), text);
            sent.add(text);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return json instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
