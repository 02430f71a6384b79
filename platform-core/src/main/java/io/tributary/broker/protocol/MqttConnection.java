package io.tributary.broker.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.ClientConnection;
import io.tributary.broker.clientevents.DisconnectReason;
import io.tributary.broker.limits.LimitEvents;
import io.tributary.broker.limits.Limits;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.Outbound;
import io.tributary.broker.session.Session;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client's network connection after CONNECT: its protocol version, limits negotiated in
 * CONNECT/CONNACK, topic aliases, will, and the session it is bound to. Writes are thread-safe
 * (Netty queues them to the channel's event loop), so sessions deliver from any thread.
 */
public final class MqttConnection implements ClientConnection {
    private final Channel channel;
    private final BrokerCore core;
    private final MqttVersion version;
    private final String clientId;
    private final String username;
    private final int clientReceiveMaximum;
    private final int clientMaxPacketSize;
    private final boolean problemInformation;
    private final Map<Integer, String> topicAliases = new HashMap<>();
    /** Aliases we assign to topics we send, or {@code null} when off; used under the session's lock. */
    private final OutboundAliases outboundAliases;
    /** Bytes of packets handed to the event loop and not yet in the channel's outbound buffer. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong droppedQos0 = new AtomicLong();
    private final AtomicBoolean slowDisconnect = new AtomicBoolean();
    private volatile Session session;
    private volatile BrokerMessage will;
    private volatile long willDelaySeconds;
    private volatile boolean takenOver;
    private volatile boolean closedHandled;
    private volatile int keepAliveSeconds;
    /** Why it ended, first cause wins; read for the DISCONNECTED event. Guarded by {@code this} for writes. */
    private volatile DisconnectReason closeReason;
    private volatile int closeReasonCode = -1;
    private volatile String closeDetail;
    /** Publishes whose acknowledgement waits, in arrival order; event-loop only. */
    private final ArrayDeque<WaitingAck> waitingAcks = new ArrayDeque<>();
    private final AtomicBoolean ackDrainScheduled =
            new AtomicBoolean();
    /** Inside {@link #drainAcks}: writes are flushed once at the end. Event-loop only. */
    private boolean batchingWrites;
    /** Inside a read from the socket: writes are flushed once when the read completes. Event-loop only. */
    private boolean reading;
    private boolean unflushed;
    /** Session writes (PUBLISH, PUBREL) in order, from any thread; drained on the event loop. */
    private final java.util.Queue<Outgoing> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicBoolean outboxScheduled = new AtomicBoolean();
    private final Runnable drainOutbox = this::drainOutbox;

    MqttConnection(Channel channel, BrokerCore core, MqttVersion version, String clientId, String username,
                   int clientReceiveMaximum, int clientMaxPacketSize, boolean problemInformation,
                   int outboundAliasMaximum) {
        this.channel = channel;
        this.core = core;
        this.version = version;
        this.clientId = clientId;
        this.username = username;
        this.clientReceiveMaximum = clientReceiveMaximum;
        this.clientMaxPacketSize = clientMaxPacketSize;
        this.problemInformation = problemInformation;
        this.outboundAliases = outboundAliasMaximum > 0 ? new OutboundAliases(outboundAliasMaximum) : null;
    }

    public String clientId() {
        return clientId;
    }

    /** The authenticated user this connection acts as; {@code null} when anonymous. */
    public String username() {
        return username;
    }

    public MqttVersion version() {
        return version;
    }

    public boolean isV5() {
        return version == MqttVersion.MQTT_5;
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public void awaitClosed(long timeout, TimeUnit unit) {
        channel.closeFuture().awaitUninterruptibly(timeout, unit);
    }

    Session session() {
        return session;
    }

    void session(Session s) {
        this.session = s;
    }

    boolean problemInformation() {
        return problemInformation;
    }

    Map<Integer, String> topicAliases() {
        return topicAliases;
    }

    void keepAlive(int seconds) {
        this.keepAliveSeconds = seconds;
    }

    /** Keep-alive in force (after the server's cap), in seconds; 0 for none. */
    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    /**
     * Records why the connection ends, unless a cause was recorded before.
     *
     * @param code MQTT reason code sent or received, or -1
     */
    synchronized void closing(DisconnectReason reason, int code, String detail) {
        if (closeReason == null) {
            closeReasonCode = code;
            closeDetail = detail;
            closeReason = reason;
        }
    }

    /** Why it ended: {@link DisconnectReason#CONNECTION_LOST} when nothing else was recorded. */
    public DisconnectReason closeReason() {
        DisconnectReason r = closeReason;
        return r == null ? DisconnectReason.CONNECTION_LOST : r;
    }

    /** The MQTT reason code that went with {@link #closeReason()}, or -1. */
    public int closeReasonCode() {
        return closeReason == null ? -1 : closeReasonCode;
    }

    /** The broker's explanation of {@link #closeReason()}, or {@code null}. */
    public String closeDetail() {
        return closeReason == null ? null : closeDetail;
    }

    void will(BrokerMessage will, long delaySeconds) {
        this.will = will;
        this.willDelaySeconds = delaySeconds;
    }

    /** Normal DISCONNECT: the will is not published. */
    void clearWill() {
        this.will = null;
    }

    /**
     * A newer connection took this client id. Called under the core's lock: the will is published
     * now when it has no delay or the session ends with this connection; otherwise it is void
     * (the session got a new connection before the delay passed).
     *
     * @param sessionEnds the new connection does not resume this connection's session
     */
    public void takenOver(boolean sessionEnds) {
        takenOver = true;
        BrokerMessage w = will;
        will = null;
        if (w != null && (willDelaySeconds == 0 || sessionEnds)) {
            core.wills().schedule(clientId, username, w, 0);
        }
        if (session != null) {
            session.detach(this);
        }
        disconnect(ReasonCode.SESSION_TAKEN_OVER, "Another connection uses this client id");
    }

    /** The broker is shutting down, which ends the session: the will (if any) is published now. */
    public void publishWillNow() {
        BrokerMessage w = will;
        will = null;
        if (w != null) {
            core.wills().schedule(clientId, username, w, 0);
        }
    }

    /** The broker is shutting down: publish the will now and say goodbye (MQTT 5 DISCONNECT 0x8B). */
    public void shutdown() {
        publishWillNow();
        disconnect(ReasonCode.SERVER_SHUTTING_DOWN, "Server shutting down");
    }

    /**
     * The user lost its right to this connection (disabled, deleted, new password): the will is
     * dropped and the client is told "not authorized" (MQTT 5 DISCONNECT 0x87) before the close.
     */
    public void revoke(String reason) {
        will = null;
        disconnect(ReasonCode.NOT_AUTHORIZED, reason);
    }

    /** Channel closed, for whatever reason: hand over to the core once. */
    void onChannelClosed() {
        if (closedHandled || session == null) {
            return;
        }
        closedHandled = true;
        if (takenOver) {
            return;
        }
        core.closed(this, session, will, willDelaySeconds);
    }

    /** Closes the connection, sending an MQTT 5 DISCONNECT with {@code reason} first. */
    void disconnect(byte reason, String reasonString) {
        closing(DisconnectReason.ofServerCode(reason), reason & 0xFF, reasonString);
        if (isV5() && channel.isActive()) {
            channel.writeAndFlush(MqttPackets.disconnect(reason, problemInformation ? reasonString : null))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    @Override
    public boolean sendPublish(int packetId, Delivery d, boolean dup) {
        BrokerMessage m = d.message();
        if (d.qos() == 0 && slow()) {
            core.metrics().dropped(BrokerMetrics.Drop.SLOW_SUBSCRIBER);
            slowConsumer();
            return true;
        }
        MqttProperties props = isV5() ? MqttPackets.publishProperties(m, d.subscriptionIds(), System.currentTimeMillis())
                : MqttProperties.NO_PROPERTIES;
        String topic = m.topic();
        OutboundAliases.Alias alias = outboundAliases == null ? null : outboundAliases.choose(topic);
        if (alias != null) {
            props = MqttPackets.withTopicAlias(props, alias.number());
            topic = alias.known() ? "" : topic;
        }
        if (clientMaxPacketSize > 0 && MqttPackets.publishSize(topic, m, d.qos(), props) > clientMaxPacketSize) {
            core.metrics().dropped(BrokerMetrics.Drop.TOO_LARGE);
            return false;
        }
        if (alias != null) {
            outboundAliases.assign(m.topic(), alias);
        }
        MqttPublishMessage msg = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(d.qos()), d.retain(), 0),
                new MqttPublishVariableHeader(topic, d.qos() == 0 ? -1 : packetId, props),
                Unpooled.wrappedBuffer(m.payload()));
        core.metrics().sent(d.qos(), m.payload().length);
        writeInOrder(msg, m.payload().length + topic.length() + 16);
        return true;
    }

    @Override
    public void sendPubrel(int packetId) {
        writeInOrder(MqttPackets.pubReply(MqttMessageType.PUBREL, packetId, ReasonCode.SUCCESS), 8);
    }

    /**
     * Session writes always go through one outbox drained on the event loop, in the order they
     * were made. A write made on the loop itself would otherwise go out at once, ahead of writes
     * other threads queued earlier under the same session lock, and a subscriber would see
     * messages out of order. One task drains whatever has gathered and flushes once: a subscriber
     * sent to from many publishers' threads gets one socket write per batch, not one per message.
     */
    private void writeInOrder(MqttMessage msg, int bytes) {
        queuedBytes.addAndGet(bytes);
        outbox.add(new Outgoing(msg, bytes));
        if (outboxScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drainOutbox);
            } catch (RejectedExecutionException e) {
                // the broker is shutting down: the session keeps QoS 1/2 messages for the next connection
                outboxScheduled.set(false);
                Outgoing o;
                while ((o = outbox.poll()) != null) {
                    queuedBytes.addAndGet(-o.bytes);
                    io.netty.util.ReferenceCountUtil.release(o.msg);
                }
            }
        }
    }

    /** Writes everything in the outbox, then flushes once. Event loop only. */
    private void drainOutbox() {
        outboxScheduled.set(false); // before polling: a write racing with this drain schedules another
        Outgoing o;
        int written = 0;
        while ((o = outbox.poll()) != null) {
            queuedBytes.addAndGet(-o.bytes);
            channel.write(o.msg, channel.voidPromise());
            written++;
        }
        if (written > 0) {
            channel.flush();
        }
    }

    private record Outgoing(MqttMessage msg, int bytes) {
    }

    /**
     * The client does not read as fast as it is sent to: more than the high-water mark waits for
     * it (in the channel's outbound buffer, or on its way there).
     */
    private boolean slow() {
        return !channel.isWritable() || queuedBytes.get() > core.settings().limits().outboundHighWaterMark();
    }

    /** A QoS 0 message for a slow client: dropped and counted, or the client disconnected. */
    private void slowConsumer() {
        Limits limits = core.settings().limits();
        if (limits.disconnectSlowConsumers()) {
            if (slowDisconnect.compareAndSet(false, true)) {
                core.limitEvents().hit(LimitEvents.Limit.SLOW_CONSUMER_DISCONNECTS, "Client {} does not read what it is "
                        + "sent: more than {} bytes wait (mqtt.outbound.high-water-mark-bytes); disconnected "
                        + "(mqtt.outbound.slow-consumer=disconnect)", clientId, limits.outboundHighWaterMark());
                // no DISCONNECT packet: it would wait behind everything the client does not read
                closing(DisconnectReason.SLOW_CONSUMER, -1, "More than " + limits.outboundHighWaterMark()
                        + " bytes wait to be sent to it");
                channel.close();
            }
            return;
        }
        long dropped = droppedQos0.incrementAndGet();
        core.limitEvents().hit(LimitEvents.Limit.SLOW_CONSUMER_DROPS, "Client {} does not read what it is sent: QoS 0 "
                + "messages to it are dropped while more than {} bytes wait (mqtt.outbound.high-water-mark-bytes); "
                + "{} dropped for it so far", clientId, limits.outboundHighWaterMark(), dropped);
    }

    /** QoS 0 messages dropped because this client was slow. */
    public long droppedQos0() {
        return droppedQos0.get();
    }

    /** Bytes waiting to be written to this client: what a slow client costs the broker. */
    public long pendingOutboundBytes() {
        var buffer = channel.unsafe().outboundBuffer();
        return queuedBytes.get() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    @Override
    public int inflightLimit() {
        return Math.min(clientReceiveMaximum, core.settings().maxInflight());
    }

    /**
     * Runs {@code ack} once {@code accepted} completes, with the error when it completed
     * exceptionally (else {@code null}), keeping acknowledgements in the order the publishes
     * arrived. Called on the channel's event loop.
     *
     * <p>Acknowledgements that wait are queued; one task on the event loop sends every one that
     * is due, with a single flush (a group commit completes tens of them at once).
     *
     * <p>Backpressure: a publisher whose messages wait for room gets no acknowledgements, so a
     * well-behaved client stops at its in-flight limit (MQTT 5 receive maximum) on its own; the
     * connection is still read, so its PINGREQs are answered however long it is held. Only when a
     * client has more publishes waiting than the server's receive maximum does the broker stop
     * reading its connection until acknowledgements catch up.
     */
    void acknowledgeWhenAccepted(CompletableFuture<Void> accepted, Consumer<Throwable> ack) {
        if (waitingAcks.isEmpty() && accepted.isDone()) {
            ack.accept(errorOf(accepted));
            return;
        }
        waitingAcks.add(new WaitingAck(accepted, ack));
        if (waitingAcks.size() > core.settings().receiveMaximum()) {
            channel.config().setAutoRead(false);
        }
        if (accepted.isDone()) {
            scheduleAckDrain();
        } else {
            accepted.whenComplete((v, e) -> scheduleAckDrain());
        }
    }

    private void scheduleAckDrain() {
        if (ackDrainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drainAcks);
            } catch (RejectedExecutionException e) {
                // shutting down: the connection is closing, unacknowledged publishes are re-sent by the client
            }
        }
    }

    /** Sends every acknowledgement that is due, in order, with one flush. Event loop only. */
    private void drainAcks() {
        ackDrainScheduled.set(false);
        boolean sent = false;
        batchingWrites = true;
        try {
            while (!waitingAcks.isEmpty() && waitingAcks.peek().accepted.isDone()) {
                WaitingAck w = waitingAcks.poll();
                w.ack.accept(errorOf(w.accepted));
                sent = true;
            }
        } finally {
            batchingWrites = false;
        }
        if (sent) {
            channel.flush();
        }
        if (waitingAcks.size() <= core.settings().receiveMaximum() && channel.isActive()
                && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    /** True while publishes of this client wait for their acknowledgement (it is held by backpressure). */
    boolean holdingAcknowledgements() {
        return !waitingAcks.isEmpty();
    }

    private record WaitingAck(CompletableFuture<Void> accepted, Consumer<Throwable> ack) {
    }

    private static Throwable errorOf(CompletableFuture<Void> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    void write(MqttMessage message) {
        if (batchingWrites) {
            channel.write(message, channel.voidPromise());
            return;
        }
        if (reading && channel.eventLoop().inEventLoop()) {
            channel.write(message, channel.voidPromise());
            unflushed = true;
            return;
        }
        channel.writeAndFlush(message, channel.voidPromise());
    }

    /** A read from the socket starts: acknowledgements written meanwhile wait for {@link #readComplete}. */
    void readStarted() {
        reading = true;
    }

    /** The read is over: one flush for every acknowledgement it produced. Event loop only. */
    void readComplete() {
        reading = false;
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }
}
