package io.tributary.broker.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.tributary.broker.BrokerCore;

/** MQTT over plain TCP. */
public final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final BrokerCore core;

    public TcpChannelInitializer(BrokerCore core) {
        this.core = core;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        MqttPipeline.addTo(ch.pipeline(), core);
    }
}
