package io.tributary.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Connected MQTT clients from libraries we did not write (Eclipse Paho v3/v5, HiveMQ), behind one
 * small interface so that tests can run the same scenario with each of them.
 */
public final class Clients {
    private Clients() {
    }

    /** A message as a client library handed it to the application. */
    public record Received(String topic, byte[] payload, int qos, boolean retain, Object raw) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The client libraries (and protocol versions) under test. */
    public enum Kind {
        PAHO_V3_1, PAHO_V3_1_1, PAHO_V5, HIVEMQ_V3, HIVEMQ_V5;

        /** Connects over TCP with a clean session. */
        public TestClient connect(TestBroker broker, String clientId) throws Exception {
            return switch (this) {
                case PAHO_V3_1 -> new PahoV3(broker.tcpUri(), clientId, MqttConnectOptions.MQTT_VERSION_3_1);
                case PAHO_V3_1_1 -> new PahoV3(broker.tcpUri(), clientId, MqttConnectOptions.MQTT_VERSION_3_1_1);
                case PAHO_V5 -> new PahoV5(broker.tcpUri(), clientId);
                case HIVEMQ_V3 -> new HiveV3(broker.tcpPort(), clientId);
                case HIVEMQ_V5 -> new HiveV5(broker.tcpPort(), clientId);
            };
        }
    }

    /** A connected client: subscribe, publish, and a queue of what arrived. */
    public interface TestClient extends AutoCloseable {
        void subscribe(String filter, int qos) throws Exception;

        void unsubscribe(String filter) throws Exception;

        void publish(String topic, byte[] payload, int qos, boolean retain) throws Exception;

        default void publish(String topic, String payload, int qos, boolean retain) throws Exception {
            publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
        }

        BlockingQueue<Received> received();

        /** Next message, or {@code null} after {@code millis}. */
        default Received next(long millis) throws InterruptedException {
            return received().poll(millis, TimeUnit.MILLISECONDS);
        }

        /** Exactly {@code n} messages within a few seconds (fails the test otherwise). */
        default List<Received> take(int n) throws InterruptedException {
            List<Received> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5000;
            while (out.size() < n) {
                Received r = received().poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (r == null) {
                    throw new AssertionError("expected " + n + " messages, got " + out.size() + ": " + out);
                }
                out.add(r);
            }
            return out;
        }

        @Override
        void close();
    }

    public static final class PahoV3 implements TestClient {
        public final org.eclipse.paho.client.mqttv3.MqttClient client;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        public PahoV3(String uri, String clientId, int version) throws Exception {
            this(uri, clientId, options(version));
        }

        public PahoV3(String uri, String clientId, MqttConnectOptions options) throws Exception {
            client = new org.eclipse.paho.client.mqttv3.MqttClient(uri, clientId, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                    received.add(new Received(topic, message.getPayload(), message.getQos(), message.isRetained(),
                            message));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            client.connect(options);
        }

        public static MqttConnectOptions options(int version) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(version);
            o.setCleanSession(true);
            // Paho v3 frees an in-flight slot after it wakes the synchronous publisher; a window of
            // the default 10 then fails a sequential publish now and then ("Too many publishes in progress").
            o.setMaxInflight(1000);
            return o;
        }

        @Override
        public void subscribe(String filter, int qos) throws Exception {
            client.subscribe(filter, qos);
        }

        @Override
        public void unsubscribe(String filter) throws Exception {
            client.unsubscribe(filter);
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) throws Exception {
            client.publish(topic, payload, qos, retain);
        }

        @Override
        public BlockingQueue<Received> received() {
            return received;
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
            } catch (Exception ignored) {
                // best effort
            }
            try {
                client.close(true);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    public static final class PahoV5 implements TestClient {
        public final org.eclipse.paho.mqttv5.client.MqttClient client;
        public final IMqttToken connectToken;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        public PahoV5(String uri, String clientId) throws Exception {
            this(uri, clientId, defaultOptions());
        }

        public PahoV5(String uri, String clientId, MqttConnectionOptions options) throws Exception {
            client = new org.eclipse.paho.mqttv5.client.MqttClient(uri, clientId,
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                    received.add(new Received(topic, message.getPayload(), message.getQos(), message.isRetained(),
                            message));
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
            });
            connectToken = client.connectWithResult(options);
        }

        public static MqttConnectionOptions defaultOptions() {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            return o;
        }

        @Override
        public void subscribe(String filter, int qos) throws Exception {
            client.subscribe(filter, qos).waitForCompletion(5000);
        }

        @Override
        public void unsubscribe(String filter) throws Exception {
            client.unsubscribe(filter);
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) throws Exception {
            client.publish(topic, payload, qos, retain);
        }

        @Override
        public BlockingQueue<Received> received() {
            return received;
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
            } catch (Exception ignored) {
                // best effort
            }
            try {
                client.close(true);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    public static final class HiveV3 implements TestClient {
        public final Mqtt3BlockingClient client;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        public HiveV3(int port, String clientId) {
            client = Mqtt3Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
                    .buildBlocking();
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new Received(
                    p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos().getCode(), p.isRetain(), p)));
            client.connect();
        }

        @Override
        public void subscribe(String filter, int qos) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        }

        @Override
        public void unsubscribe(String filter) {
            client.unsubscribeWith().topicFilter(filter).send();
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) {
            client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send();
        }

        @Override
        public BlockingQueue<Received> received() {
            return received;
        }

        @Override
        public void close() {
            try {
                client.disconnect();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    public static final class HiveV5 implements TestClient {
        public final Mqtt5BlockingClient client;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        public HiveV5(int port, String clientId) {
            this(Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
                    .buildBlocking(), true);
        }

        /** Wraps {@code client}, registering the message queue; connects when asked to. */
        public HiveV5(Mqtt5BlockingClient client, boolean connect) {
            this.client = client;
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new Received(
                    p.getTopic().toString(), p.getPayloadAsBytes(), p.getQos().getCode(), p.isRetain(), p)));
            if (connect) {
                client.connect();
            }
        }

        @Override
        public void subscribe(String filter, int qos) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        }

        @Override
        public void unsubscribe(String filter) {
            client.unsubscribeWith().topicFilter(filter).send();
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) {
            client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send();
        }

        @Override
        public BlockingQueue<Received> received() {
            return received;
        }

        @Override
        public void close() {
            try {
                if (client.getState().isConnected()) {
                    client.disconnect();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
