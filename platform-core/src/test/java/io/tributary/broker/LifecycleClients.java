package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared helpers for the connection-lifecycle tests: real clients set up the same way each time. */
final class LifecycleClients {
    private LifecycleClients() {
    }

    /** A Paho v3 (MQTT 3.1.1) client, not yet connected. */
    static MqttClient pahoV3(TestBroker broker, String clientId) throws MqttException {
        MqttClient c = new MqttClient(broker.tcpUri(), clientId, new MemoryPersistence());
        c.setTimeToWait(5000);
        return c;
    }

    static MqttConnectOptions v3Options(boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout(5);
        o.setAutomaticReconnect(false);
        // exactly 3.1.1: Paho's default silently retries with 3.1 after a refusal
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        // a synchronous publish can fail with 'Too many publishes in progress' at Paho's default of
        // 10: Paho frees the slot after waking the caller (as in Clients)
        o.setMaxInflight(1000);
        return o;
    }

    /** A HiveMQ MQTT 5 client builder pointing at the broker. */
    static Mqtt5ClientBuilder hive(TestBroker broker, String clientId) {
        Mqtt5ClientBuilder b = Mqtt5Client.builder().serverHost("127.0.0.1").serverPort(broker.tcpPort());
        return clientId == null ? b : b.identifier(clientId);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Closes a Paho client whatever its state. */
    static void closeQuietly(MqttClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 100, false);
            }
        } catch (MqttException ignored) {
            // already gone
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // already closed
        }
    }

    /** Collects what a Paho v3 client receives as "topic=payload" and notices a lost connection. */
    static final class Inbox implements MqttCallback {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CountDownLatch lost = new CountDownLatch(1);

        @Override
        public void connectionLost(Throwable cause) {
            lost.countDown();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        String next(long millis) throws InterruptedException {
            return messages.poll(millis, TimeUnit.MILLISECONDS);
        }

        boolean lostWithin(long millis) throws InterruptedException {
            return lost.await(millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Another client connected throughout a test: proves one client's trouble leaves others alone.
     * It subscribes to its own topic and checks a QoS 1 round trip.
     */
    static final class Bystander implements AutoCloseable {
        private final MqttClient client;
        private final Inbox inbox = new Inbox();
        private int n;

        Bystander(TestBroker broker) throws MqttException {
            client = pahoV3(broker, "bystander");
            client.setCallback(inbox);
            client.connect(v3Options(true));
            client.subscribe("bystander/#", 1);
        }

        void assertStillWorks() throws Exception {
            assertThat(client.isConnected()).as("bystander still connected").isTrue();
            String payload = "ping-" + (++n);
            client.publish("bystander/t", utf8(payload), 1, false);
            assertThat(inbox.next(5000)).isEqualTo("bystander/t=" + payload);
            assertThat(inbox.lost.getCount()).as("bystander never lost its connection").isEqualTo(1);
        }

        @Override
        public void close() {
            closeQuietly(client);
        }
    }

    /** Return code of a CONNACK read by a RawClient. */
    static MqttConnectReturnCode connackCode(io.netty.handler.codec.mqtt.MqttMessage m) {
        assertThat(m).as("CONNACK").isInstanceOf(MqttConnAckMessage.class);
        return ((MqttConnAckMessage) m).variableHeader().connectReturnCode();
    }

    /** Reason code of a DISCONNECT read by a RawClient (MQTT 5). */
    static int disconnectReason(io.netty.handler.codec.mqtt.MqttMessage m) {
        assertThat(m).as("DISCONNECT").isNotNull();
        assertThat(m.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        return ((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode() & 0xFF;
    }
}
