package io.tributary.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.tls.ServerTls;

import java.util.List;

/**
 * MQTT over WebSocket: HTTP upgrade on the configured path with subprotocols {@code mqtt} and
 * {@code mqttv3.1}, then binary frames are unwrapped into the same MQTT pipeline as TCP; plain
 * ({@code ws://}) or behind TLS ({@code wss://}).
 */
public final class WebSocketChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final String SUBPROTOCOLS = "mqtt,mqttv3.1";
    private final BrokerCore core;
    private final String path;
    private final ServerTls tls;

    /** Plain WebSocket. */
    public WebSocketChannelInitializer(BrokerCore core, String path) {
        this(core, path, null);
    }

    /** WebSocket behind {@code tls}; {@code null} for plain WebSocket. */
    public WebSocketChannelInitializer(BrokerCore core, String path, ServerTls tls) {
        this.core = core;
        this.path = path;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (tls != null) {
            tls.addTo(ch.pipeline());
        }
        int max = core.settings().maxPacketSize() + 16;
        ch.pipeline()
                .addLast("http", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(65536))
                .addLast("ws", new WebSocketServerProtocolHandler(path, SUBPROTOCOLS, true, max))
                .addLast("notFound", NotFound.INSTANCE)
                .addLast("wsDecoder", new FrameToBytes())
                .addLast("wsEncoder", new BytesToFrame());
        MqttPipeline.addTo(ch.pipeline(), core, tls != null ? BrokerMetrics.Listener.WSS : BrokerMetrics.Listener.WS);
    }

    /**
     * HTTP requests the WebSocket handler passed on (any other path): answered 404 and closed
     * instead of being left unanswered until the connect timeout.
     */
    @ChannelHandler.Sharable
    static final class NotFound extends SimpleChannelInboundHandler<FullHttpRequest> {
        static final NotFound INSTANCE = new NotFound();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.NOT_FOUND);
            HttpUtil.setContentLength(res, 0);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Binary (and continuation) frames → their content, for the MQTT decoder. */
    static final class FrameToBytes extends MessageToMessageDecoder<WebSocketFrame> {
        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
                out.add(frame.content().retain());
            }
        }
    }

    /** Encoded MQTT bytes → one binary frame each. */
    static final class BytesToFrame extends MessageToMessageEncoder<ByteBuf> {
        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            out.add(new BinaryWebSocketFrame(msg.retain()));
        }
    }
}
