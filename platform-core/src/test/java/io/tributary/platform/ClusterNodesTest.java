package io.tributary.platform;

import io.tributary.cluster.ClusterNode;
import io.tributary.cluster.NodeIdInUseException;
import io.tributary.cluster.NodeStatus;
import io.tributary.config.TributaryConfig;
import io.tributary.plugin.host.TestPlugins;
import io.tributary.storage.TestPostgres;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two platforms on one PostgreSQL see each other as nodes (roles, listeners, connections, health),
 * a third with a node id already running refuses to start before it binds a port, and a stopped
 * node is shown stopped.
 */
class ClusterNodesTest {
    @TempDir
    Path dir;
    String url;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Platform node(String dirName, String nodeId, String roles, int mqttPort) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve(dirName + "/plugins"));
        TestPlugins.build(plugins);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("node.id", nodeId);
        c.put("node.roles", roles);
        c.put("node.advertised-host", dirName + ".example");
        c.put("data.dir", dir.resolve(dirName + "/data").toString());
        c.put("plugins.dir", plugins.toString());
        c.put("mqtt.bind", "127.0.0.1");
        c.put("mqtt.port", String.valueOf(mqttPort));
        c.put("mqtt.ws.port", "-1");
        c.put("admin.port", "-1");
        c.put("storage.url", url);
        c.put("storage.user", "postgres");
        c.put("secret.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        c.put("integration.durability", "os");
        c.put("cluster.heartbeat-interval-ms", "200");
        Platform p = new Platform(TributaryConfig.of(c));
        open.add(p);
        return p.start();
    }

    private static ClusterNode node(Platform reader, String id) {
        return reader.nodes().nodes().stream().filter(n -> n.row().nodeId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void nodesSeeEachOtherAndASecondProcessWithARunningNodeIdDoesNotStart() throws Exception {
        url = TestPostgres.get().newDatabase();
        Platform a = node("a", "node-a", "broker,executor", 0);
        Platform b = node("b", "node-b", "broker,executor", 0);

        MqttClient device = new MqttClient("tcp://127.0.0.1:" + a.broker().tcpPort(), "nodes-device",
                new MemoryPersistence());
        device.connect();
        open.add(() -> {
            if (device.isConnected()) {
                device.disconnectForcibly(100);
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ClusterNode seen = node(b, "node-a");
            assertThat(seen.status()).isEqualTo(NodeStatus.UP);
            assertThat(seen.row().roles()).containsExactly("broker", "executor");
            assertThat(seen.row().endpoints().mqttListeners()).containsExactly("mqtt://a.example:" + a.broker().tcpPort());
            assertThat(seen.row().health().ready()).isTrue();
            assertThat(seen.row().health().connections()).isEqualTo(1);
            assertThat(seen.row().version()).isEqualTo(Platform.VERSION);
        });
        assertThat(node(a, "node-b").row().roles()).containsExactly("broker", "executor");
        assertThat(a.nodes().nodes()).extracting(ClusterNode::self).containsExactly(true, false);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int freePort = port;
        NodeIdInUseException refused = catchThrowableOfType(NodeIdInUseException.class, () -> node("c", "node-a", "broker,executor", freePort));
        assertThat(refused).hasMessageContaining("node.id 'node-a' is already used by a running node")
                .hasMessageContaining("give every node its own node.id");
        try (ServerSocket s = new ServerSocket(freePort)) {
            assertThat(s.getLocalPort()).as("the refused node bound no MQTT port").isEqualTo(freePort);
        }
        assertThat(node(b, "node-a").status()).as("the running node-a is untouched").isEqualTo(NodeStatus.UP);
        assertThat(node(b, "node-a").row().endpoints().mqttListeners()).containsExactly("mqtt://a.example:" + a.broker().tcpPort());

        device.disconnect();
        a.close();
        assertThat(node(b, "node-a").status()).isEqualTo(NodeStatus.STOPPED);
    }
}
