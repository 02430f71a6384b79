package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.limits.LimitEvents.Limit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;

import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** mqtt.max-connections and mqtt.max-connections-per-ip: refused at CONNECT with a reason code. */
class ConnectionLimitTest {

    @Test
    void connectionsBeyondTheLimitAreRefusedAndASlotFreesUpWhenAClientLeaves() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-connections", "2"))) {
            Mqtt5BlockingClient first = hive(broker, "first").buildBlocking();
            first.connect();
            MqttClient second = pahoV3(broker, "second");
            second.connect(v3Options(true));
            try {
                // MQTT 5 is told why: quota exceeded
                Mqtt5BlockingClient third = hive(broker, "third").buildBlocking();
                Mqtt5ConnAckException refused = catchThrowableOfType(Mqtt5ConnAckException.class, third::connect);
                assertThat(refused).as("third MQTT 5 client refused").isNotNull();
                assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.QUOTA_EXCEEDED);

                // 3.1.1 has no such code: server unavailable (0x03)
                MqttClient fourth = pahoV3(broker, "fourth");
                MqttException e = catchThrowableOfType(MqttException.class, () -> fourth.connect(v3Options(true)));
                assertThat(e).as("3.1.1 client refused").isNotNull();
                assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE);
                closeQuietly(fourth);
                assertThat(broker.core().connection("third")).isNull();
                assertThat(broker.core().limitEvents().count(Limit.CONNECTIONS)).isEqualTo(2);

                first.disconnect();
                await().until(() -> broker.core().connectionLimiter().open() == 1);
                Mqtt5BlockingClient fifth = hive(broker, "fifth").buildBlocking();
                fifth.connect();
                assertThat(broker.core().connection("fifth")).isNotNull();
                fifth.disconnect();
            } finally {
                closeQuietly(second);
            }
        }
    }

    @Test
    void socketsThatHaveNotSentConnectCountToo() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-connections", "1"));
             RawClient idle = new RawClient(broker.tcpPort())) {
            await().until(() -> broker.core().connectionLimiter().open() == 1);
            try (RawClient late = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
                MqttConnectReturnCode code = Raw.connack(late, MqttVersion.MQTT_5, "late", true,
                        MqttProperties.NO_PROPERTIES).variableHeader().connectReturnCode();
                assertThat(code).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED);
                assertThat(late.closedWithin(3000)).isTrue();
            }
            // the idle socket, accepted first, is within the limit: its CONNECT is accepted
            assertThat(Raw.connack(idle, MqttVersion.MQTT_3_1_1, "idle", true, MqttProperties.NO_PROPERTIES)
                    .variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @Test
    void connectionsPerSourceAddressAreLimitedOtherAddressesAreNot() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-connections-per-ip", "1"));
             RawClient one = Raw.connect(broker, MqttVersion.MQTT_3_1_1, "one", true);
             RawClient two = new RawClient(broker.tcpPort());
             RawClient elsewhere = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5,
                     InetAddress.getByName("127.0.0.2"))) {
            assertThat(Raw.connack(two, MqttVersion.MQTT_3_1_1, "two", true, MqttProperties.NO_PROPERTIES)
                    .variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            assertThat(Raw.connack(elsewhere, MqttVersion.MQTT_5, "elsewhere", true, MqttProperties.NO_PROPERTIES)
                    .variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(broker.core().limitEvents().count(Limit.CONNECTIONS_PER_IP)).isEqualTo(1);
            assertThat(broker.core().connection("one")).isNotNull();
        }
    }
}
