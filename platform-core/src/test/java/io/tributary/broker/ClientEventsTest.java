package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.routing.IntegrationSink;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.connackCode;
import static io.tributary.broker.LifecycleClients.disconnectReason;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client lifecycle events as the broker hands them to an integration that wants them: one per
 * thing that happened, with the right type, topic and payload, for every way a connection ends.
 * Real clients (Paho, HiveMQ, raw packets) against a real broker; the integration is a sink
 * that records what it is offered.
 */
class ClientEventsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestBroker broker;
    private final Recorder events = new Recorder();

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
        broker.core().integrations().clientEvents().register("events-it", events);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void connectSubscribeUnsubscribeDisconnectOfAnMqtt3Client() throws Exception {
        MqttClient c = pahoV3(broker, "dev-1");
        try {
            c.connect(v3Options(true));
            JsonNode connected = events.next("CONNECTED");
            assertThat(connected.get("clientId").asString()).isEqualTo("dev-1");
            assertThat(connected.get("username").isNull()).isTrue();
            assertThat(connected.get("protocolVersion").asString()).isEqualTo("3.1.1");
            assertThat(connected.get("cleanStart").asBoolean()).isTrue();
            assertThat(connected.get("sessionPresent").asBoolean()).isFalse();
            assertThat(connected.get("keepAlive").asInt()).isEqualTo(60);
            assertThat(connected.get("remoteAddress").asString()).startsWith("127.0.0.1:");

            c.subscribe(new String[]{"a/+", "b/#"}, new int[]{1, 2});
            JsonNode a = events.next("SUBSCRIBED");
            JsonNode b = events.next("SUBSCRIBED");
            assertThat(a.get("topicFilter").asString()).isEqualTo("a/+");
            assertThat(a.get("qos").asInt()).isEqualTo(1);
            assertThat(b.get("topicFilter").asString()).isEqualTo("b/#");
            assertThat(b.get("qos").asInt()).isEqualTo(2);

            c.unsubscribe(new String[]{"a/+", "never/subscribed"});
            assertThat(events.next("UNSUBSCRIBED").get("topicFilter").asString()).isEqualTo("a/+");

            c.disconnect();
            JsonNode gone = events.next("DISCONNECTED");
            assertThat(gone.get("reason").asString()).isEqualTo("CLIENT_DISCONNECT");
            assertThat(gone.get("reasonCode").asInt()).isZero();
            events.assertNoMore(); // nothing for the filter never subscribed, no second DISCONNECTED
        } finally {
            closeQuietly(c);
        }
    }

    @Test
    void eachRecordIsAnEventMessageWithItsTopic() throws Exception {
        MqttClient c = pahoV3(broker, "dev-2");
        try {
            c.connect(v3Options(true));
            BrokerMessage m = events.nextMessage();
            assertThat(m.eventType()).isEqualTo("CONNECTED");
            assertThat(m.topic()).isEqualTo("$events/client_connected");
            assertThat(m.publisherId()).isEqualTo("dev-2");
            assertThat(m.qos()).isEqualTo(1);
            assertThat(m.retain()).isFalse();
            assertThat(m.properties().contentType()).isEqualTo("application/json");
            assertThat(m.receivedAt()).isEqualTo(JSON.readTree(m.payload()).get("ts").asLong());
        } finally {
            closeQuietly(c);
        }
    }

    @Test
    void mqtt5DisconnectKeepsTheClientsReasonCode() throws Exception {
        Mqtt5BlockingClient c = hive(broker, "dev-5").buildBlocking();
        c.connectWith().cleanStart(true).sessionExpiryInterval(120).keepAlive(30).send();
        JsonNode connected = events.next("CONNECTED");
        assertThat(connected.get("protocolVersion").asString()).isEqualTo("5.0");
        assertThat(connected.get("sessionExpiryInterval").asLong()).isEqualTo(120);
        assertThat(connected.get("keepAlive").asInt()).isEqualTo(30);
        c.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        JsonNode gone = events.next("DISCONNECTED");
        assertThat(gone.get("reason").asString()).isEqualTo("CLIENT_DISCONNECT");
        assertThat(gone.get("reasonCode").asInt()).isEqualTo(0x04);
        assertThat(gone.get("sessionExpiryInterval").asLong()).isEqualTo(120);
    }

    @Test
    void aSilentClientIsDisconnectedForItsKeepAlive() throws Exception {
        try (RawClient silent = new RawClient(broker.tcpPort())) {
            silent.send(MqttMessageBuilders.connect().clientId("silent").keepAlive(1).cleanSession(true).build());
            assertThat(connackCode(silent.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            events.next("CONNECTED");
            JsonNode gone = events.next("DISCONNECTED");
            assertThat(gone.get("clientId").asString()).isEqualTo("silent");
            assertThat(gone.get("reason").asString()).isEqualTo("KEEP_ALIVE_TIMEOUT");
            assertThat(gone.get("reasonCode").asInt()).isEqualTo(0x8D);
        }
    }

    @Test
    void aTakeoverEndsTheOldConnectionBeforeTheNewOneStarts() throws Exception {
        MqttClient first = pahoV3(broker, "same");
        MqttClient second = pahoV3(broker, "same");
        try {
            first.connect(v3Options(false));
            events.next("CONNECTED");
            second.connect(v3Options(false));
            JsonNode gone = events.next("DISCONNECTED");
            assertThat(gone.get("reason").asString()).isEqualTo("SESSION_TAKEN_OVER");
            assertThat(gone.get("reasonCode").asInt()).isEqualTo(0x8E);
            JsonNode again = events.next("CONNECTED");
            assertThat(again.get("sessionPresent").asBoolean()).isTrue();
            events.assertNoMore(); // the old socket closing later adds nothing
        } finally {
            closeQuietly(first);
            closeQuietly(second);
        }
    }

    @Test
    void aProtocolErrorAndALostConnectionSayWhy() throws Exception {
        try (RawClient c = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            c.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("twice")
                    .cleanSession(true).build());
            assertThat(connackCode(c.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            events.next("CONNECTED");
            c.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("twice")
                    .cleanSession(true).build());
            assertThat(disconnectReason(c.receive(3000))).isEqualTo(0x82);
            JsonNode gone = events.next("DISCONNECTED");
            assertThat(gone.get("reason").asString()).isEqualTo("PROTOCOL_ERROR");
            assertThat(gone.get("reasonCode").asInt()).isEqualTo(0x82);
            assertThat(gone.get("detail").asString()).contains("Second CONNECT");
        }
        try (RawClient c = new RawClient(broker.tcpPort())) {
            c.send(MqttMessageBuilders.connect().clientId("dropped").cleanSession(true).build());
            assertThat(connackCode(c.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            events.next("CONNECTED");
        } // socket closed without DISCONNECT
        JsonNode lost = events.next("DISCONNECTED");
        assertThat(lost.get("reason").asString()).isEqualTo("CONNECTION_LOST");
        assertThat(lost.get("reasonCode").isNull()).isTrue();
    }

    @Test
    void aSessionExpiresAfterItsInterval() throws Exception {
        Mqtt5BlockingClient c = hive(broker, "short-lived").buildBlocking();
        c.connectWith().cleanStart(true).sessionExpiryInterval(1).send();
        events.next("CONNECTED");
        c.subscribeWith().topicFilter("s/#").qos(com.hivemq.client.mqtt.datatypes.MqttQos.AT_LEAST_ONCE).send();
        events.next("SUBSCRIBED");
        c.disconnect();
        events.next("DISCONNECTED");
        JsonNode expired = events.next("SESSION_EXPIRED");
        assertThat(expired.get("clientId").asString()).isEqualTo("short-lived");
        assertThat(expired.get("sessionExpiryInterval").asLong()).isEqualTo(1);
        assertThat(broker.core().sessions().get("short-lived")).isNull();
        events.assertNoMore(); // ending with the session is not an UNSUBSCRIBED
    }

    @Test
    void aStoppingServerSaysSo() throws Exception {
        MqttClient c = pahoV3(broker, "until-shutdown");
        try {
            c.connect(v3Options(true));
            events.next("CONNECTED");
            broker.close();
            broker = null;
            JsonNode gone = events.next("DISCONNECTED");
            assertThat(gone.get("reason").asString()).isEqualTo("SERVER_SHUTTING_DOWN");
            assertThat(gone.get("reasonCode").asInt()).isEqualTo(0x8B);
        } finally {
            closeQuietly(c);
        }
    }

    @Test
    void withoutAnIntegrationThatWantsThemNothingIsSent() throws Exception {
        broker.core().integrations().unregister("events-it");
        assertThat(broker.core().clientEvents().wanted()).isFalse();
        MqttClient c = pahoV3(broker, "unheard");
        try {
            c.connect(v3Options(true));
            c.subscribe("x/#", 1);
            c.disconnect();
        } finally {
            closeQuietly(c);
        }
        events.assertNoMore();
    }

    /** Records what the broker offers; answers at once, as the integration channel does for events. */
    private static final class Recorder implements IntegrationSink {
        private final BlockingQueue<BrokerMessage> offered = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Void> offer(BrokerMessage message) {
            offered.add(message);
            return CompletableFuture.completedFuture(null);
        }

        BrokerMessage nextMessage() throws InterruptedException {
            BrokerMessage m = offered.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("an event within 10 s").isNotNull();
            return m;
        }

        /** The next event's payload, which must be of {@code type}. */
        JsonNode next(String type) throws InterruptedException {
            BrokerMessage m = nextMessage();
            JsonNode payload = JSON.readTree(m.payload());
            assertThat(m.eventType()).as("event after %s", payload).isEqualTo(type);
            assertThat(payload.get("eventType").asString()).isEqualTo(type);
            return payload;
        }

        void assertNoMore() throws InterruptedException {
            List<String> more = new ArrayList<>();
            BrokerMessage m = offered.poll(300, TimeUnit.MILLISECONDS);
            while (m != null) {
                more.add(m.eventType() + " " + new String(m.payload()));
                m = offered.poll();
            }
            assertThat(more).isEmpty();
        }
    }
}
