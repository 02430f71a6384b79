package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.HiveV5;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.PahoV3;
import io.tributary.broker.Clients.PahoV5;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MQTT over WebSocket on ws://127.0.0.1:PORT/mqtt with real clients, and the WebSocket layer itself. */
class WebSocketTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void pahoV3PublishesAndReceivesOverWebSocket() throws Exception {
        assertThat(broker.wsUri()).isEqualTo("ws://127.0.0.1:" + broker.wsPort() + "/mqtt");
        try (TestClient c = new PahoV3(broker.wsUri(), "ws-v3", MqttConnectOptions.MQTT_VERSION_3_1_1)) {
            c.subscribe("ws/#", 2);
            for (int qos = 0; qos <= 2; qos++) {
                c.publish("ws/v3", "q" + qos, qos, false);
                Received r = c.take(1).get(0);
                assertThat(r.text()).isEqualTo("q" + qos);
                assertThat(r.qos()).isEqualTo(qos);
            }
        }
    }

    @Test
    void pahoV3WithMqtt31OverWebSocket() throws Exception {
        // Paho asks for subprotocol "mqttv3.1" for MQTT 3.1
        try (TestClient c = new PahoV3(broker.wsUri(), "ws-v31", MqttConnectOptions.MQTT_VERSION_3_1)) {
            c.subscribe("ws/#", 1);
            c.publish("ws/v31", "hello", 1, false);
            assertThat(c.take(1).get(0).text()).isEqualTo("hello");
        }
    }

    @Test
    void pahoV5PublishesAndReceivesOverWebSocket() throws Exception {
        try (TestClient c = new PahoV5(broker.wsUri(), "ws-v5")) {
            c.subscribe("ws/#", 2);
            for (int qos = 0; qos <= 2; qos++) {
                c.publish("ws/v5", "q" + qos, qos, false);
                Received r = c.take(1).get(0);
                assertThat(r.text()).isEqualTo("q" + qos);
                assertThat(r.qos()).isEqualTo(qos);
            }
        }
    }

    @Test
    void hiveMqPublishesAndReceivesOverWebSocket() throws Exception {
        try (HiveV5 c = new HiveV5(Mqtt5Client.builder().identifier("ws-hive").serverHost("127.0.0.1")
                .serverPort(broker.wsPort()).webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                .buildBlocking(), true)) {
            c.subscribe("ws/#", 1);
            c.publish("ws/hive", "hi", 1, false);
            assertThat(c.take(1).get(0).text()).isEqualTo("hi");
        }
    }

    @Test
    void tcpAndWebSocketClientsExchangeMessages() throws Exception {
        try (TestClient ws = new PahoV5(broker.wsUri(), "ws");
             TestClient tcp = Kind.PAHO_V3_1_1.connect(broker, "tcp")) {
            ws.subscribe("to-ws", 1);
            tcp.subscribe("to-tcp", 1);
            tcp.publish("to-ws", "from tcp", 1, false);
            ws.publish("to-tcp", "from ws", 1, false);
            assertThat(ws.take(1).get(0).text()).isEqualTo("from tcp");
            assertThat(tcp.take(1).get(0).text()).isEqualTo("from ws");
        }
    }

    @Test
    void largeMessagesCrossWebSocketInBothDirections() throws Exception {
        byte[] big = new byte[200 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        try (TestClient ws = new PahoV3(broker.wsUri(), "ws-big", MqttConnectOptions.MQTT_VERSION_3_1_1);
             TestClient tcp = Kind.HIVEMQ_V5.connect(broker, "tcp-big")) {
            ws.subscribe("big/ws", 1);
            tcp.subscribe("big/tcp", 1);
            ws.publish("big/tcp", big, 1, false);
            tcp.publish("big/ws", big, 1, false);
            assertThat(Arrays.equals(tcp.take(1).get(0).payload(), big)).isTrue();
            assertThat(Arrays.equals(ws.take(1).get(0).payload(), big)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtt", "mqttv3.1"})
    void subprotocolIsAcceptedAndMqttFlowsInBinaryFrames(String subprotocol) throws Exception {
        try (WsRaw ws = WsRaw.open(broker, "/mqtt", subprotocol)) {
            assertThat(ws.socket.getSubprotocol()).isEqualTo(subprotocol);
            ws.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("raw-ws")
                    .cleanSession(true).build());
            MqttMessage ack = ws.receive();
            assertThat(ack).isInstanceOf(MqttConnAckMessage.class);
            assertThat(((MqttConnAckMessage) ack).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    void mqttPacketsMaySpanFramesAndFramesMayHoldSeveralPackets() throws Exception {
        try (WsRaw ws = WsRaw.open(broker, "/mqtt", "mqtt")) {
            byte[] connect = WsRaw.encode(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
                    .clientId("frames").cleanSession(true).build());
            // CONNECT split over a frame and its continuation
            ws.socket.sendBinary(ByteBuffer.wrap(connect, 0, 5), false).get(2, TimeUnit.SECONDS);
            ws.socket.sendBinary(ByteBuffer.wrap(connect, 5, connect.length - 5), true).get(2, TimeUnit.SECONDS);
            assertThat(ws.receive()).isInstanceOf(MqttConnAckMessage.class);
            // SUBSCRIBE and PUBLISH in one frame
            byte[] sub = WsRaw.encode(Raw.subscribe(1, MqttQoS.AT_MOST_ONCE, "frames/#"));
            byte[] pub = WsRaw.encode(Raw.publish("frames/x", MqttQoS.AT_MOST_ONCE, 0, "both", false));
            byte[] both = new byte[sub.length + pub.length];
            System.arraycopy(sub, 0, both, 0, sub.length);
            System.arraycopy(pub, 0, both, sub.length, pub.length);
            ws.socket.sendBinary(ByteBuffer.wrap(both), true).get(2, TimeUnit.SECONDS);
            assertThat(ws.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
            MqttMessage echoed = ws.receive();
            assertThat(echoed).isInstanceOf(MqttPublishMessage.class);
            assertThat(Raw.describe((MqttPublishMessage) echoed)).isEqualTo("frames/x=both");
        }
    }

    @Test
    void anotherPathIsRefusedQuickly() {
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<WebSocket> f = http.newWebSocketBuilder().subprotocols("mqtt")
                .buildAsync(URI.create("ws://127.0.0.1:" + broker.wsPort() + "/not-mqtt"), new WebSocket.Listener() {
                });
        // refused within the handshake, not left hanging until the connect timeout
        assertThatThrownBy(() -> f.get(3, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        java.net.http.HttpResponse<?> response = ((java.net.http.WebSocketHandshakeException) f.handle((w, e) -> e)
                .join().getCause()).getResponse();
        assertThat(response.statusCode()).isEqualTo(404);
    }

    /** A raw MQTT-over-WebSocket client on the JDK's WebSocket, with Netty's MQTT codec. */
    static final class WsRaw implements AutoCloseable {
        final WebSocket socket;
        private final BlockingQueue<byte[]> frames;
        private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1024 * 1024));

        private WsRaw(WebSocket socket, BlockingQueue<byte[]> frames) {
            this.socket = socket;
            this.frames = frames;
        }

        static WsRaw open(TestBroker broker, String path, String subprotocol) throws Exception {
            BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(subprotocol)
                    .buildAsync(URI.create("ws://127.0.0.1:" + broker.wsPort() + path), new WebSocket.Listener() {
                        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

                        @Override
                        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                            byte[] b = new byte[data.remaining()];
                            data.get(b);
                            partial.writeBytes(b);
                            if (last) {
                                frames.add(partial.toByteArray());
                                partial.reset();
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            return new WsRaw(ws, frames);
        }

        static byte[] encode(MqttMessage m) {
            EmbeddedChannel enc = new EmbeddedChannel(MqttEncoder.INSTANCE);
            enc.writeOutbound(m);
            ByteBuf buf = enc.readOutbound();
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            buf.release();
            enc.finishAndReleaseAll();
            return out;
        }

        void send(MqttMessage m) throws Exception {
            socket.sendBinary(ByteBuffer.wrap(encode(m)), true).get(2, TimeUnit.SECONDS);
        }

        MqttMessage receive() throws Exception {
            long deadline = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < deadline) {
                Object m = decoder.readInbound();
                if (m != null) {
                    return (MqttMessage) m;
                }
                byte[] frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    decoder.writeInbound(Unpooled.wrappedBuffer(frame));
                }
            }
            throw new AssertionError("nothing received");
        }

        @Override
        public void close() {
            socket.abort();
            decoder.finishAndReleaseAll();
        }
    }
}
