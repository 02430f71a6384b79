package io.tributary.broker.protocol;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.tributary.broker.BrokerCore;
import io.tributary.broker.BrokerSettings;
import io.tributary.broker.auth.AuthResult;
import io.tributary.broker.auth.Authentication;
import io.tributary.broker.auth.ConnectCredentials;
import io.tributary.broker.limits.ConnectionLimiter;
import io.tributary.broker.limits.LimitEvents;
import io.tributary.broker.limits.Limits;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.tls.PeerIdentity;
import io.tributary.broker.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

/** Handles CONNECT: client id rules, authentication, session open or resume, will, keep-alive, CONNACK. */
final class ConnectHandler {
    private static final Logger log = LoggerFactory.getLogger(ConnectHandler.class);
    static final String IDLE_HANDLER = "keepAlive";

    private final BrokerCore core;

    ConnectHandler(BrokerCore core) {
        this.core = core;
    }

    /**
     * Handles a CONNECT; {@code done} gets the new connection, or {@code null} when the CONNECT was
     * refused (channel closing). {@code done} runs on the channel's event loop: at once, or after
     * a slow credential check finished elsewhere (reading is paused meanwhile).
     *
     * @param admission how the connection was counted when accepted (it may be over a connection limit)
     */
    void connect(Channel channel, MqttConnectMessage msg, ConnectionLimiter.Admission admission,
                 Consumer<MqttConnection> done) {
        MqttConnectVariableHeader header = msg.variableHeader();
        MqttConnectPayload payload = msg.payload();
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        boolean v5 = version == MqttVersion.MQTT_5;
        MqttProperties props = header.properties();
        if (admission.refused()) {
            done.accept(overConnectionLimit(channel, version, admission, core.settings().limits()));
            return;
        }

        // rules the codec does not check: will flags without a will, will QoS 3, zero limits
        if (header.isWillFlag() ? header.willQos() > 2 : header.willQos() != 0 || header.isWillRetain()) {
            done.accept(malformed(channel, v5, MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET,
                    "Invalid will QoS or will flags"));
            return;
        }
        if (v5 && (unsignedInt(props, MqttProperties.RECEIVE_MAXIMUM, 1) == 0
                || unsignedInt(props, MqttProperties.MAXIMUM_PACKET_SIZE, 1) == 0)) {
            done.accept(malformed(channel, true, MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR,
                    "Receive maximum and maximum packet size must not be 0"));
            return;
        }

        String clientId = payload.clientIdentifier();
        String assignedId = null;
        if (clientId == null || clientId.isEmpty()) {
            if (!v5 && !header.isCleanSession()) {
                log.info("Refused a client from {}: empty client id with a persistent session",
                        channel.remoteAddress());
                done.accept(refuse(core.metrics(), channel, version, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                        "A persistent session needs a client id"));
                return;
            }
            clientId = "auto-" + UUID.randomUUID();
            assignedId = v5 ? clientId : null;
        }

        if (v5 && props.getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
            done.accept(refuse(core.metrics(), channel, version, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                    "Enhanced authentication is not supported"));
            return;
        }
        PeerIdentity peer = PeerIdentity.of(channel); // verified client certificate (TLS listeners)
        String username = peer.username(header.hasUserName() ? payload.userName() : null);
        byte[] password = header.hasPassword() ? payload.passwordInBytes() : null;
        CompletionStage<Authentication> checking = core.authenticator().authenticate(
                new ConnectCredentials(clientId, username, password, peer.certificate(), channel.remoteAddress()));
        String id = clientId;
        String assigned = assignedId;
        CompletableFuture<Authentication> auth = checking.toCompletableFuture();
        if (!header.isCleanSession()) {
            // in a cluster the session may live on another node: brought here before it is opened
            auth = auth.thenCompose(a -> a.result() != AuthResult.ALLOWED
                    ? CompletableFuture.completedFuture(a)
                    : core.locateSession(id).thenApply(found -> a));
        }
        if (auth.isDone()) {
            done.accept(authenticated(channel, msg, version, id, assigned, auth.getNow(null), null));
            return;
        }
        // a password hash runs elsewhere, or the session comes from another node: read nothing more meanwhile
        channel.config().setAutoRead(false);
        auth.whenComplete((result, error) -> channel.eventLoop().execute(() -> {
            channel.config().setAutoRead(true);
            done.accept(authenticated(channel, msg, version, id, assigned, result, error));
        }));
    }

    /** The rest of CONNECT, once the credentials are checked. */
    private MqttConnection authenticated(Channel channel, MqttConnectMessage msg, MqttVersion version,
                                         String clientId, String assignedId, Authentication auth, Throwable error) {
        MqttConnectVariableHeader header = msg.variableHeader();
        MqttConnectPayload payload = msg.payload();
        boolean v5 = version == MqttVersion.MQTT_5;
        MqttProperties props = header.properties();
        BrokerSettings settings = core.settings();
        if (!channel.isActive()) {
            return null; // gone (or timed out) while its password was checked
        }
        if (error != null) {
            log.error("Checking the credentials of {} failed", clientId, error);
            return refuse(core.metrics(), channel, version, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_UNSPECIFIED_ERROR
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "Internal error");
        }
        switch (auth.result()) {
            case BAD_CREDENTIALS -> {
                log.info("Refused {} from {}: bad user name or password", clientId, channel.remoteAddress());
                return refuse(core.metrics(), channel, version, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                        : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, auth.reason());
            }
            case NOT_AUTHORIZED -> {
                log.info("Refused {} from {}: {}", clientId, channel.remoteAddress(), auth.reason());
                return notAuthorized(channel, version, auth.reason());
            }
            case BUSY -> {
                return refuse(core.metrics(), channel, version, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, auth.reason());
            }
            case ALLOWED -> {
            }
        }
        String user = auth.username();
        Limits limits = settings.limits();

        BrokerMessage will = null;
        long willDelay = 0;
        if (header.isWillFlag()) {
            if (!Topics.isValidTopicName(payload.willTopic())) {
                // not "server unavailable" for 3.1.1: that would invite the client to retry the same CONNECT
                return malformed(channel, v5, MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID,
                        "Invalid will topic '" + payload.willTopic() + "'");
            }
            if (limits.tooManyLevels(payload.willTopic())) {
                core.limitEvents().hit(LimitEvents.Limit.TOPIC_LEVELS, "Refused {} from {}: will topic has more than "
                        + "{} levels (mqtt.max-topic-levels)", clientId, channel.remoteAddress(), limits.maxTopicLevels());
                if (!v5) {
                    core.metrics().refused(MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID);
                    channel.close();
                    return null;
                }
                return refuse(core.metrics(), channel, version, MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID,
                        "Will topic has more than " + limits.maxTopicLevels() + " levels");
            }
            long now = System.currentTimeMillis();
            MqttProperties willProps = payload.willProperties();
            will = new BrokerMessage(payload.willTopic(), payload.willMessageInBytes() == null ? new byte[0]
                    : payload.willMessageInBytes().clone(), header.willQos(), header.isWillRetain(), clientId, now,
                    MqttPackets.expiresAt(willProps, now), MqttPackets.forwarded(willProps));
            willDelay = v5 ? unsignedInt(willProps, MqttProperties.WILL_DELAY_INTERVAL, 0) : 0;
            if (!core.authorizer().canPublish(clientId, user, will.topic())) {
                // refused now, where the client learns why, rather than a will silently never sent
                log.info("Refused {} from {}: user {} may not publish its will to {}", clientId,
                        channel.remoteAddress(), user, will.topic());
                return notAuthorized(channel, version, "Not authorized to publish the will to " + will.topic());
            }
        }

        long requestedExpiry = v5 ? unsignedInt(props, MqttProperties.SESSION_EXPIRY_INTERVAL, 0)
                : header.isCleanSession() ? 0 : limits.v3SessionExpiry(); // 3.1.x cannot ask: the configured expiry
        long expiry = Math.min(requestedExpiry, settings.maxSessionExpiry());
        int clientReceiveMax = v5 ? (int) unsignedInt(props, MqttProperties.RECEIVE_MAXIMUM, 65535) : 65535;
        int clientMaxPacket = v5 ? (int) Math.min(Integer.MAX_VALUE,
                unsignedInt(props, MqttProperties.MAXIMUM_PACKET_SIZE, 0)) : 0;
        boolean problemInfo = !v5 || unsignedInt(props, MqttProperties.REQUEST_PROBLEM_INFORMATION, 1) != 0;

        int clientAliasMax = v5 ? (int) unsignedInt(props, MqttProperties.TOPIC_ALIAS_MAXIMUM, 0) : 0;

        MqttConnection conn = new MqttConnection(channel, core, version, clientId, user, clientReceiveMax,
                clientMaxPacket, problemInfo, Math.min(clientAliasMax, limits.outboundTopicAliases()));
        conn.will(will, willDelay);
        int askedKeepAlive = header.keepAliveTimeSeconds();
        int keepAlive = limits.keepAlive(askedKeepAlive, settings.serverKeepAlive());
        conn.keepAlive(keepAlive);
        BrokerCore.OpenedSession opened = core.open(conn, header.isCleanSession(), expiry);
        if (opened == null) {
            log.info("Refused {} from {}: the client id is in use by another user", clientId, channel.remoteAddress());
            return notAuthorized(channel, version, "Client id in use by another user");
        }
        conn.session(opened.session());

        if (!v5 && keepAlive != askedKeepAlive && settings.serverKeepAlive() == 0) {
            // 3.1.x has no way to tell the client: it is held to the cap and learns by being disconnected
            core.limitEvents().hit(LimitEvents.Limit.KEEP_ALIVE_CAPPED, "Client {} (MQTT 3.1.x) asked for keep-alive "
                    + "{} s; held to {} s (mqtt.max-keep-alive)", clientId, askedKeepAlive, keepAlive);
        }
        if (keepAlive > 0) {
            // MQTT: a client silent for 1.5 x keep-alive is gone
            channel.pipeline().addFirst(IDLE_HANDLER,
                    new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }

        MqttProperties ack = MqttProperties.NO_PROPERTIES;
        if (v5) {
            ack = new MqttProperties();
            if (assignedId != null) {
                ack.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, assignedId));
            }
            if (expiry != requestedExpiry) {
                ack.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) expiry));
            }
            ack.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, settings.receiveMaximum()));
            ack.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, settings.maxPacketSize()));
            ack.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM,
                    settings.topicAliasMaximum()));
            ack.add(new MqttProperties.IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 1));
            ack.add(new MqttProperties.IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 1));
            ack.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1));
            ack.add(new MqttProperties.IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 1));
            if (keepAlive != askedKeepAlive || settings.serverKeepAlive() > 0) {
                // the client must use the server's keep-alive from now on [MQTT-3.2.2-22]
                ack.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, keepAlive));
            }
        }
        channel.writeAndFlush(new MqttConnAckMessage(
                new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.CONNECTION_ACCEPTED, opened.present(), ack)));
        core.metrics().accepted();
        log.debug("Connected {} ({}, session present: {})", clientId, version, opened.present());
        opened.session().attach(conn);
        return conn;
    }

    private MqttConnection notAuthorized(Channel channel, MqttVersion version, String reason) {
        return refuse(core.metrics(), channel, version, version == MqttVersion.MQTT_5
                ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, reason);
    }

    /**
     * The connection was over a connection limit when it was accepted: MQTT 5 is told "quota
     * exceeded" (0x97), 3.1.x "server unavailable" (0x03), the closest it has.
     */
    private MqttConnection overConnectionLimit(Channel channel, MqttVersion version,
                                               ConnectionLimiter.Admission admission, Limits limits) {
        boolean total = admission.over() == ConnectionLimiter.Over.TOTAL;
        if (total) {
            core.limitEvents().hit(LimitEvents.Limit.CONNECTIONS, "Refused a client from {}: {} connections are open "
                    + "(mqtt.max-connections={})", channel.remoteAddress(), core.connectionLimiter().open(),
                    limits.maxConnections());
        } else {
            core.limitEvents().hit(LimitEvents.Limit.CONNECTIONS_PER_IP, "Refused a client from {}: {} connections "
                    + "are open from that address (mqtt.max-connections-per-ip={})", channel.remoteAddress(),
                    core.connectionLimiter().openFrom(admission.address()), limits.maxConnectionsPerIp());
        }
        return refuse(core.metrics(), channel, version, version == MqttVersion.MQTT_5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                total ? "Too many connections" : "Too many connections from this address");
    }

    /**
     * A CONNECT that breaks the protocol: MQTT 5 gets a CONNACK with {@code code}; 3.1.1 has no
     * return code for it, so the connection is closed without CONNACK [MQTT-3.1.4-1].
     */
    private MqttConnection malformed(Channel channel, boolean v5, MqttConnectReturnCode code, String why) {
        log.info("Refused a client from {}: {}", channel.remoteAddress(), why);
        if (!v5) {
            core.metrics().refused(code); // closed without CONNACK: 3.1.1 has no code for it
            channel.close();
            return null;
        }
        return refuse(core.metrics(), channel, MqttVersion.MQTT_5, code, why);
    }

    /** Sends a refusing CONNACK in the client's protocol version and closes. */
    static MqttConnection refuse(BrokerMetrics metrics, Channel channel, MqttVersion version,
                                 MqttConnectReturnCode code, String reason) {
        metrics.refused(code);
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (version == MqttVersion.MQTT_5 && reason != null) {
            props = new MqttProperties();
            props.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reason));
        }
        channel.writeAndFlush(new MqttConnAckMessage(
                new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnAckVariableHeader(code, false, props))).addListener(ChannelFutureListener.CLOSE);
        return null;
    }

    private static long unsignedInt(MqttProperties props, int id, long dflt) {
        if (props == null) {
            return dflt;
        }
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? dflt : Integer.toUnsignedLong((Integer) p.value());
    }
}
