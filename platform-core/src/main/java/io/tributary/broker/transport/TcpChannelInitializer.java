package io.tributary.broker.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.tls.ServerTls;

/** MQTT over TCP, plain or behind TLS. */
public final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final BrokerCore core;
    private final ServerTls tls;

    /** Plain TCP. */
    public TcpChannelInitializer(BrokerCore core) {
        this(core, null);
    }

    /** TCP behind {@code tls}; {@code null} for plain TCP. */
    public TcpChannelInitializer(BrokerCore core, ServerTls tls) {
        this.core = core;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            tls.addTo(ch.pipeline());
        }
        MqttPipeline.addTo(ch.pipeline(), core, tls != null ? BrokerMetrics.Listener.TLS : BrokerMetrics.Listener.TCP);
    }
}
