package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.limits.LimitEvents.Limit;
import io.tributary.config.ConfigException;
import io.tributary.config.TributaryConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import static io.tributary.broker.LifecycleClients.connackCode;
import static io.tributary.broker.LifecycleClients.disconnectReason;
import static io.tributary.broker.LifecycleClients.hive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** mqtt.max-keep-alive: a cap, not one value for everybody. */
class KeepAliveCapTest {

    @Test
    void mqtt5ClientsAskingMoreOrNoneGetTheCapOthersKeepTheirOwn() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-keep-alive", "30"))) {
            assertThat(serverKeepAlive(broker, "asks-60", 60)).isEqualTo(OptionalInt.of(30));
            assertThat(serverKeepAlive(broker, "asks-none", 0)).isEqualTo(OptionalInt.of(30));
            assertThat(serverKeepAlive(broker, "asks-30", 30)).isEmpty();
            assertThat(serverKeepAlive(broker, "asks-5", 5)).isEmpty();
        }
    }

    /** A client that asked for 1 s under a 30 s cap is gone after 1.5 s of silence, not 45 s. */
    @Test
    void aClientAskingLessThanTheCapIsHeldToItsOwnKeepAlive() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-keep-alive", "30"));
             RawClient silent = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            silent.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("short")
                    .keepAlive(1).cleanSession(true).build());
            MqttConnAckMessage ack = (MqttConnAckMessage) silent.receive(3000);
            assertThat(connackCode(ack)).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(ack.variableHeader().properties().getProperty(MqttProperties.SERVER_KEEP_ALIVE)).isNull();
            long start = System.nanoTime();
            assertThat(disconnectReason(silent.receive(10_000))).isEqualTo(0x8D);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aClientAskingMoreIsHeldToTheCap() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-keep-alive", "1"));
             RawClient v5 = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5);
             RawClient v3 = new RawClient(broker.tcpPort())) {
            v5.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("long5")
                    .keepAlive(600).cleanSession(true).build());
            MqttConnAckMessage ack = (MqttConnAckMessage) v5.receive(3000);
            assertThat(ack.variableHeader().properties().getProperty(MqttProperties.SERVER_KEEP_ALIVE).value())
                    .isEqualTo(1);
            // 3.1.1 cannot be told: it is held to the cap all the same, and that is logged
            v3.send(MqttMessageBuilders.connect().clientId("long3").keepAlive(600).cleanSession(true).build());
            assertThat(connackCode(v3.receive(3000))).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

            assertThat(disconnectReason(v5.receive(10_000))).isEqualTo(0x8D);
            assertThat(v3.closedWithin(10_000)).isTrue();
            assertThat(broker.core().limitEvents().count(Limit.KEEP_ALIVE_CAPPED)).isEqualTo(1);
        }
    }

    @Test
    void theImposedServerKeepAliveMustNotExceedTheCap() {
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("mqtt.max-keep-alive", "60",
                "mqtt.server-keep-alive", "120")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.max-keep-alive").hasMessageContaining("mqtt.server-keep-alive");
    }

    private static OptionalInt serverKeepAlive(TestBroker broker, String clientId, int keepAlive) {
        Mqtt5BlockingClient c = hive(broker, clientId).buildBlocking();
        Mqtt5ConnAck ack = c.connectWith().keepAlive(keepAlive).send();
        c.disconnect();
        return ack.getServerKeepAlive();
    }
}
