package io.tributary.broker.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.protocol.MqttInboundHandler;

/** The MQTT part of a pipeline, the same behind TCP and WebSocket: decoder (max size), encoder, protocol. */
final class MqttPipeline {
    /** Longest client id accepted from MQTT 3.1 clients (3.1.1 and 5 have no limit in the decoder). */
    private static final int MAX_CLIENT_ID_LENGTH = 256;

    private MqttPipeline() {
    }

    static void addTo(ChannelPipeline p, BrokerCore core) {
        p.addLast("mqttDecoder", new MqttDecoder(core.settings().maxPacketSize(), MAX_CLIENT_ID_LENGTH));
        p.addLast("mqttEncoder", MqttEncoder.INSTANCE);
        p.addLast("mqtt", new MqttInboundHandler(core));
    }
}
