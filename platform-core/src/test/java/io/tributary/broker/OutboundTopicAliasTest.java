package io.tributary.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.TestClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.LifecycleClients.hive;
import static org.assertj.core.api.Assertions.assertThat;

/** Topic aliases from broker to client (MQTT 5), up to the client's Topic Alias Maximum. */
class OutboundTopicAliasTest {
    private static final List<String> TOPICS = List.of("al/a", "al/b", "al/c", "al/d", "al/e");

    /** What goes over the wire: first use carries topic and alias, later ones the alias alone; LRU reuse. */
    @Test
    void theFirstPublishOfATopicCarriesItsAliasLaterOnesTheAliasAlone() throws Exception {
        try (TestBroker broker = TestBroker.start();
             RawClient sub = Raw.connect(broker, MqttVersion.MQTT_5, "raw-sub", true,
                     Raw.intProp(MqttProperties.TOPIC_ALIAS_MAXIMUM, 2));
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            Raw.subscribeOk(sub, 1, MqttQoS.AT_MOST_ONCE, "al/#");
            List<String> wire = new ArrayList<>();
            for (String t : List.of("al/a", "al/a", "al/b", "al/c", "al/a", "al/c")) {
                pub.publish(t, t, 0, false);
                MqttPublishMessage p = Raw.expect(sub, MqttMessageType.PUBLISH);
                assertThat(Raw.text(p)).isEqualTo(t);
                var alias = p.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS);
                wire.add(p.variableHeader().topicName() + "#" + (alias == null ? "-" : alias.value()));
            }
            // al/c takes the alias of al/a (least recently used), al/a then the one of al/b
            assertThat(wire).containsExactly("al/a#1", "#1", "al/b#2", "al/c#1", "al/a#2", "#1");
        }
    }

    @Test
    void offWhenConfiguredOffOrWhenTheClientAllowsNone() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.outbound-topic-aliases", "0"));
             RawClient sub = Raw.connect(broker, MqttVersion.MQTT_5, "raw-sub", true,
                     Raw.intProp(MqttProperties.TOPIC_ALIAS_MAXIMUM, 5));
             RawClient none = Raw.connect(broker, MqttVersion.MQTT_5, "raw-none", true);
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            Raw.subscribeOk(sub, 1, MqttQoS.AT_MOST_ONCE, "al/#");
            Raw.subscribeOk(none, 1, MqttQoS.AT_MOST_ONCE, "al/#");
            for (int i = 0; i < 3; i++) {
                pub.publish("al/a", "x", 0, false);
                for (RawClient c : List.of(sub, none)) {
                    MqttPublishMessage p = Raw.expect(c, MqttMessageType.PUBLISH);
                    assertThat(p.variableHeader().topicName()).isEqualTo("al/a");
                    assertThat(p.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS)).isNull();
                }
            }
        }
    }

    /** The HiveMQ client resolves the aliases: every message arrives with its topic, at every QoS. */
    @Test
    void hiveMqClientGetsTheRightTopics() throws Exception {
        Mqtt5BlockingClient client;
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (TestBroker broker = TestBroker.start();
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            client = hive(broker, "hive-sub").buildBlocking();
            client.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> got.add(p.getTopic() + "="
                    + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
            client.connectWith().restrictions().topicAliasMaximum(3).applyRestrictions().send();
            client.subscribeWith().topicFilter("al/#").qos(MqttQos.EXACTLY_ONCE).send();
            List<String> expected = publishRounds(pub);
            List<String> actual = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                actual.add(got.poll(5, TimeUnit.SECONDS));
            }
            assertThat(actual).containsExactlyElementsOf(expected);
            client.disconnect();
        }
    }

    /** Paho v5 resolves them too. */
    @Test
    void pahoV5ClientGetsTheRightTopics() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (TestBroker broker = TestBroker.start();
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            MqttAsyncClient client = new MqttAsyncClient(broker.tcpUri(), "paho-sub", new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    got.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String uri) {
                }

                @Override
                public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {
                }
            });
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setTopicAliasMaximum(3);
            client.connect(options).waitForCompletion(5000);
            try {
                client.subscribe("al/#", 1).waitForCompletion(5000);
                List<String> expected = publishRounds(pub);
                List<String> actual = new ArrayList<>();
                for (int i = 0; i < expected.size(); i++) {
                    actual.add(got.poll(5, TimeUnit.SECONDS));
                }
                assertThat(actual).containsExactlyElementsOf(expected);
            } finally {
                client.disconnect().waitForCompletion(2000);
                client.close();
            }
        }
    }

    /** Five topics over three aliases, each published four times: aliases are reassigned as they go. */
    private static List<String> publishRounds(TestClient pub) throws Exception {
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (String t : TOPICS) {
                String payload = round + ":" + t;
                pub.publish(t, payload, 1, false);
                expected.add(t + "=" + payload);
            }
        }
        return expected;
    }
}
