package io.tributary.broker.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.clientevents.DisconnectReason;
import io.tributary.broker.limits.ConnectionLimiter;
import io.tributary.broker.metrics.BrokerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last handler of every MQTT pipeline (TCP or WebSocket): enforces the connect timeout,
 * turns decoder failures into the right reason code, and dispatches each packet type.
 * One instance per channel.
 */
public final class MqttInboundHandler extends SimpleChannelInboundHandler<MqttMessage> {
    private static final Logger log = LoggerFactory.getLogger(MqttInboundHandler.class);
    /** More than a client's in-flight window behind an unanswered CONNECT is abuse. */
    private static final int MAX_EARLY_PACKETS = 1000;

    private final BrokerCore core;
    private final BrokerMetrics.Listener listener;
    /** The connection gauge this connection counts in once its CONNECT is accepted, else {@code null}. */
    private AtomicInteger counted;
    private final ConnectHandler connects;
    private final PublishHandler publishes;
    private final SubscribeHandler subscribes;
    private MqttConnection connection;
    private ScheduledFuture<?> connectTimeout;
    private ConnectionLimiter.Admission admission;
    private boolean failed;
    /** CONNECT received, credentials still being checked. */
    private boolean connecting;
    /** Packets that came right behind a CONNECT still being checked (MQTT allows that), replayed after it. */
    private ArrayDeque<MqttMessage> early;

    public MqttInboundHandler(BrokerCore core, BrokerMetrics.Listener listener) {
        this.core = core;
        this.listener = listener;
        this.connects = new ConnectHandler(core);
        this.publishes = new PublishHandler(core);
        this.subscribes = new SubscribeHandler(core);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        admission = core.connectionLimiter().opened(ctx.channel().remoteAddress());
        connectTimeout = ctx.executor().schedule(() -> {
            if (connection == null && ctx.channel().isActive()) {
                log.info("Closing {}: no CONNECT within {} s", ctx.channel().remoteAddress(),
                        core.settings().connectTimeoutSeconds());
                ctx.close();
            }
        }, core.settings().connectTimeoutSeconds(), TimeUnit.SECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (admission != null) {
            core.connectionLimiter().closed(admission);
            admission = null;
        }
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        if (counted != null) {
            counted.decrementAndGet();
            counted = null;
        }
        releaseEarly();
        if (connection != null) {
            connection.onChannelClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
        if (failed) {
            return;
        }
        if (msg.decoderResult().isFailure()) {
            decodeFailure(ctx, msg.decoderResult().cause());
            return;
        }
        MqttMessageType type = msg.fixedHeader().messageType();
        if (connecting) {
            if (early == null) {
                early = new ArrayDeque<>();
            }
            if (early.size() >= MAX_EARLY_PACKETS) {
                failed = true;
                log.info("Closing {}: too many packets before CONNACK", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            early.add(ReferenceCountUtil.retain(msg));
            return;
        }
        if (type == MqttMessageType.CONNECT) {
            if (connection != null) {
                protocolError(ctx, "Second CONNECT on one connection");
                return;
            }
            connecting = true;
            // the connect timeout keeps running: a client whose password check waits too long is closed
            connects.connect(ctx.channel(), (MqttConnectMessage) msg, admission, conn -> connected(ctx, conn));
            return;
        }
        if (connection == null) {
            protocolError(ctx, "First packet must be CONNECT, got " + type);
            return;
        }
        connection.readStarted();
        switch (type) {
            case PUBLISH -> publishes.publish(connection, (MqttPublishMessage) msg);
            case PUBACK -> publishes.puback(connection, packetId(msg));
            case PUBREC -> publishes.pubrec(connection, packetId(msg), reasonCode(msg));
            case PUBREL -> publishes.pubrel(connection, packetId(msg));
            case PUBCOMP -> publishes.pubcomp(connection, packetId(msg));
            case SUBSCRIBE -> subscribes.subscribe(connection, (MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> subscribes.unsubscribe(connection, (MqttUnsubscribeMessage) msg);
            case PINGREQ -> connection.write(MqttPackets.pingResp());
            case DISCONNECT -> disconnect(ctx, msg);
            default -> protocolError(ctx, "Unexpected packet " + type);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            connection.readComplete();
        }
        super.channelReadComplete(ctx);
    }

    /** CONNECT decided (on the event loop): go on with the packets that came behind it. */
    private void connected(ChannelHandlerContext ctx, MqttConnection conn) {
        connecting = false;
        connectTimeout.cancel(false);
        connection = conn;
        if (conn == null) {
            failed = true;
            releaseEarly();
            return;
        }
        if (ctx.channel().isActive()) {
            counted = core.metrics().connected(listener, conn.version());
        }
        ArrayDeque<MqttMessage> queued = early;
        early = null;
        while (queued != null && !queued.isEmpty()) {
            MqttMessage m = queued.poll();
            try {
                channelRead0(ctx, m);
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
        conn.readComplete(); // not inside a socket read: flush what the replay wrote now
    }

    private void releaseEarly() {
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (connection != null && connection.holdingAcknowledgements()) {
                // its silence may be ours: it waits for acknowledgements we hold back (backpressure)
                return;
            }
            log.info("Closing {}: keep-alive expired", connection != null ? connection.clientId()
                    : ctx.channel().remoteAddress());
            if (connection != null) {
                connection.disconnect(ReasonCode.KEEP_ALIVE_TIMEOUT, "Keep alive timeout");
            } else {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing {} after an error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void disconnect(ChannelHandlerContext ctx, MqttMessage msg) {
        int reason = 0;
        if (msg.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
            reason = h.reasonCode() & 0xFF;
            MqttProperties.MqttProperty<?> expiry = h.properties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
            if (expiry != null && connection.session().expirySeconds() > 0) {
                connection.session().expirySeconds(Math.min(Integer.toUnsignedLong((Integer) expiry.value()),
                        core.settings().maxSessionExpiry()));
            }
        }
        if (reason != 0x04) {
            // 0x04 is "disconnect with will message": everything else is a normal disconnect
            connection.clearWill();
        }
        connection.closing(DisconnectReason.CLIENT_DISCONNECT, reason, null);
        ctx.close();
    }

    private void decodeFailure(ChannelHandlerContext ctx, Throwable cause) {
        failed = true;
        log.info("Closing {}: malformed packet ({})", ctx.channel().remoteAddress(), cause.getMessage());
        if (connection == null) {
            if (cause instanceof MqttUnacceptableProtocolVersionException) {
                ConnectHandler.refuse(core.metrics(), ctx.channel(), MqttVersion.MQTT_3_1_1,
                        MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, null);
                return;
            }
            if (cause instanceof MqttIdentifierRejectedException) {
                ConnectHandler.refuse(core.metrics(), ctx.channel(), MqttVersion.MQTT_3_1,
                        MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, null);
                return;
            }
            core.metrics().refused(MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET);
            ctx.close();
            return;
        }
        byte reason = ReasonCode.MALFORMED_PACKET;
        if (cause instanceof TooLongFrameException) {
            core.metrics().dropped(BrokerMetrics.Drop.TOO_LARGE);
            reason = ReasonCode.PACKET_TOO_LARGE;
        } else if (cause.getMessage() != null && cause.getMessage().contains("invalid publish topic name")) {
            reason = ReasonCode.TOPIC_NAME_INVALID;
        }
        connection.disconnect(reason, cause.getMessage());
    }

    private void protocolError(ChannelHandlerContext ctx, String why) {
        failed = true;
        log.info("Closing {}: protocol error: {}", ctx.channel().remoteAddress(), why);
        if (connection != null) {
            connection.disconnect(ReasonCode.PROTOCOL_ERROR, why);
        } else {
            ctx.close();
        }
    }

    private static int packetId(MqttMessage msg) {
        return ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
    }

    private static int reasonCode(MqttMessage msg) {
        return msg.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() & 0xFF : 0;
    }
}
