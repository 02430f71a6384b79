package io.tributary.broker;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawClientSmokeTest {
    @Test
    void rawV5ConnectGetsConnackWithAssignedClientId() throws Exception {
        try (TestBroker broker = TestBroker.start();
             RawClient c = new RawClient(broker.tcpPort(), MqttVersion.MQTT_5)) {
            c.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("")
                    .cleanSession(true).build());
            MqttMessage ack = c.receive(2000);
            assertThat(ack).isInstanceOf(MqttConnAckMessage.class);
            MqttConnAckMessage connAck = (MqttConnAckMessage) ack;
            assertThat(connAck.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(connAck.variableHeader().properties()
                    .getProperty(io.netty.handler.codec.mqtt.MqttProperties.ASSIGNED_CLIENT_IDENTIFIER)).isNotNull();
        }
    }
}
