package io.tributary.mqtt.platform;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bridge to a broker we did not write: Mosquitto, started as a process on a free port (anonymous,
 * in memory) when it is installed, skipped where it is not ({@code .ci/run} installs it). Delivery is
 * checked with MQTT 5 (user properties, content type) and MQTT 3.1.1 settings, counted one by one.
 */
class MqttBridgeMosquittoIT {
    private static final Duration WAIT = BridgePlatform.WAIT;

    @TempDir
    static Path dir;
    private static Process mosquitto;
    private static int port;
    private static BridgePlatform bridge;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> binary = mosquittoBinary();
        assumeTrue(binary.isPresent(), "mosquitto is not installed");
        port = freePort();
        // mosquitto 2.x listens on localhost only and refuses anonymous clients unless told otherwise
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\npersistence false\n");
        mosquitto = new ProcessBuilder(binary.get().toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        try {
            await().atMost(WAIT).until(() -> accepts(port) || !mosquitto.isAlive());
            assertThat(mosquitto.isAlive()).as("mosquitto runs: %s", log()).isTrue();
            bridge = BridgePlatform.start();
        } catch (Throwable e) {
            stopMosquitto();
            throw e;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (bridge != null) {
                bridge.close();
            }
        } finally {
            stopMosquitto();
        }
    }

    @AfterEach
    void cleanUp() {
        if (bridge != null) {
            bridge.cleanUp();
        }
    }

    private static Optional<Path> mosquittoBinary() {
        Stream<Path> candidates = Stream.concat(Stream.of(Path.of("/usr/sbin/mosquitto")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(s -> !s.isEmpty())
                        .map(d -> Path.of(d, "mosquitto")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    private static void stopMosquitto() throws InterruptedException {
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(10, TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String log() throws IOException {
        return Files.readString(dir.resolve("mosquitto.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String mosquittoUri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Test
    void mqtt5MessagesArriveWithTheirPropertiesAndEveryOneIsCounted() throws Exception {
        Inbox inbox = bridge.read(mosquittoUri(), "m5/#", null, null);
        String id = bridge.createBridge("mosquitto-5", "v5/#", BridgePlatform.bridgeTo(port,
                Map.of("mqttVersion", "5", "topicPrefix", "m5/", "topicName", "${topicLevel[1]}")));
        MqttClient device = bridge.device("m5-device");

        MqttMessage first = new MqttMessage("{\"t\":1}".getBytes(StandardCharsets.UTF_8));
        first.setQos(1);
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new UserProperty("site", "lab"), new UserProperty("tag", "a"),
                new UserProperty("tag", "b")));
        props.setContentType("application/json");
        first.setProperties(props);
        device.publish("v5/room-1", first);
        Inbox.Received r = inbox.poll(WAIT);
        assertThat(r).as("forwarded to mosquitto").isNotNull();
        assertThat(r.topic()).isEqualTo("m5/room-1");
        assertThat(r.text()).isEqualTo("{\"t\":1}");
        assertThat(r.message().getQos()).isEqualTo(1);
        assertThat(r.message().getProperties().getUserProperties()).extracting(UserProperty::getKey,
                UserProperty::getValue).containsExactly(tuple("site", "lab"), tuple("tag", "a"), tuple("tag", "b"));
        assertThat(r.message().getProperties().getContentType()).isEqualTo("application/json");

        List<String> sent = publishMany(device, "v5/count", 100);
        inbox.awaitAll(sent, WAIT);
        assertThat(inbox.missing(sent)).as("lost").isEmpty();
        bridge.admin().awaitStatistic(id, "succeeded", sent.size() + 1, WAIT);
    }

    @Test
    void mqtt311MessagesArriveWithFixedQosAndRetain() throws Exception {
        Inbox inbox = bridge.read(mosquittoUri(), "m3/#", null, null);
        String id = bridge.createBridge("mosquitto-311", "v3/#", BridgePlatform.bridgeTo(port,
                Map.of("mqttVersion", "3.1.1", "topicPrefix", "m3/", "qos", "2", "retain", "always")));
        MqttClient device = bridge.device("m3-device");
        List<String> sent = publishMany(device, "v3/count", 100);
        inbox.awaitAll(sent, WAIT);
        assertThat(inbox.missing(sent)).as("lost").isEmpty();
        Inbox.Received r = inbox.poll(Duration.ZERO);
        assertThat(r.topic()).isEqualTo("m3/v3/count");
        assertThat(r.message().getQos()).isEqualTo(2);
        bridge.admin().awaitStatistic(id, "succeeded", sent.size(), WAIT);
        // retained on mosquitto: a late subscriber gets one of them
        Inbox late = bridge.read(mosquittoUri(), "m3/v3/count", null, null);
        Inbox.Received retained = late.poll(WAIT);
        assertThat(retained).isNotNull();
        assertThat(retained.message().isRetained()).isTrue();
        assertThat(retained.text()).isIn(sent);
    }

    private static List<String> publishMany(MqttClient device, String topic, int count) throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = topic + "#" + i;
            BridgePlatform.publishQos1(device, topic, text);
            sent.add(text);
        }
        return sent;
    }
}
