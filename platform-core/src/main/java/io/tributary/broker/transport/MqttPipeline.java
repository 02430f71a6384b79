package io.tributary.broker.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.protocol.MqttInboundHandler;

/**
 * The MQTT part of a pipeline, the same behind TCP and WebSocket: decoder (max size), encoder,
 * protocol; and the outbound high-water mark that tells a slow client.
 */
final class MqttPipeline {
    /** Longest client id accepted from MQTT 3.1 clients (3.1.1 and 5 have no limit in the decoder). */
    private static final int MAX_CLIENT_ID_LENGTH = 256;

    private MqttPipeline() {
    }

    /** @param listener which listener the connection came in on (the label of its connection gauge) */
    static void addTo(ChannelPipeline p, BrokerCore core, BrokerMetrics.Listener listener) {
        // beyond the high-water mark the channel is unwritable: QoS 0 messages to it are dropped
        int high = core.settings().limits().outboundHighWaterMark();
        p.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
        p.addLast("mqttDecoder", new MqttDecoder(core.settings().maxPacketSize(), MAX_CLIENT_ID_LENGTH));
        p.addLast("mqttEncoder", MqttEncoder.INSTANCE);
        p.addLast("mqtt", new MqttInboundHandler(core, listener));
    }
}
