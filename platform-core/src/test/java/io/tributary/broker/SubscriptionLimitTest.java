package io.tributary.broker;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.limits.LimitEvents.Limit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** mqtt.max-subscriptions-per-client: filters beyond get 0x97 (MQTT 5) / 0x80 (3.1.1), the others are granted. */
class SubscriptionLimitTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(Map.of("mqtt.max-subscriptions-per-client", "2"));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void mqtt5FiltersBeyondTheLimitGetQuotaExceededReplacingAndUnsubscribingStillWork() throws Exception {
        try (RawClient c = Raw.connect(broker, MqttVersion.MQTT_5, "many5", true)) {
            c.send(Raw.subscribe(1, MqttQoS.AT_LEAST_ONCE, "a", "b", "c"));
            MqttSubAckMessage ack = Raw.expect(c, MqttMessageType.SUBACK);
            assertThat(Raw.subackCodes(ack)).containsExactly(1, 1, 0x97);

            // subscribing again to a filter it has replaces it: not a new subscription
            c.send(Raw.subscribe(2, MqttQoS.AT_MOST_ONCE, "b", "d"));
            assertThat(Raw.subackCodes(Raw.expect(c, MqttMessageType.SUBACK))).containsExactly(0, 0x97);

            MqttUnsubscribeMessage unsubscribe = MqttMessageBuilders.unsubscribe().messageId(3).addTopicFilter("a")
                    .build();
            c.send(unsubscribe);
            Raw.expect(c, MqttMessageType.UNSUBACK);
            c.send(Raw.subscribe(4, MqttQoS.AT_LEAST_ONCE, "d"));
            assertThat(Raw.subackCodes(Raw.expect(c, MqttMessageType.SUBACK))).containsExactly(1);

            assertThat(broker.core().sessions().get("many5").subscriptions()).containsOnlyKeys("b", "d");
            assertThat(broker.core().limitEvents().count(Limit.SUBSCRIPTIONS)).isEqualTo(2);
        }
    }

    @Test
    void mqtt311FiltersBeyondTheLimitGet0x80() throws Exception {
        try (RawClient c = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "many3", true)) {
            c.send(Raw.subscribe(1, MqttQoS.EXACTLY_ONCE, "x/1", "x/2", "x/3", "x/4"));
            assertThat(Raw.subackCodes(Raw.expect(c, MqttMessageType.SUBACK))).containsExactly(2, 2, 0x80, 0x80);
        }
    }

    @Test
    void hiveMqClientSeesTheQuotaExceededReasonCode() {
        Mqtt5BlockingClient client = LifecycleClients.hive(broker, "hive-many").buildBlocking();
        client.connect();
        try {
            Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder()
                    .addSubscription().topicFilter("h/1").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("h/2").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("h/3").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .build();
            List<Mqtt5SubAckReasonCode> codes;
            try {
                codes = client.subscribe(subscribe).getReasonCodes();
            } catch (Mqtt5SubAckException e) {
                codes = e.getMqttMessage().getReasonCodes();
            }
            assertThat(codes).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1,
                    Mqtt5SubAckReasonCode.GRANTED_QOS_1, Mqtt5SubAckReasonCode.QUOTA_EXCEEDED);
        } finally {
            client.disconnect();
        }
    }
}
