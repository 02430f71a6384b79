package io.tributary.broker;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.clientevents.DisconnectReason;
import io.tributary.broker.session.Outbound;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * What the broker's shared state (and, as {@link Outbound}, a session) ({@link BrokerCore}) needs of a live client connection. The
 * protocol layer implements it ({@code broker.protocol.MqttConnection}); the core only holds
 * these, so it does not depend on the protocol package that depends on it.
 */
public interface ClientConnection extends Outbound {
    String clientId();

    /** The authenticated user name, or {@code null}. */
    String username();

    MqttVersion version();

    /** Where the client connects from (for client events). */
    SocketAddress remoteAddress();

    /** Keep-alive in force (after the server's cap), in seconds; 0 for none. */
    int keepAliveSeconds();

    /** Why it ended: {@link DisconnectReason#CONNECTION_LOST} when nothing else was recorded. */
    DisconnectReason closeReason();

    /** The MQTT reason code that went with {@link #closeReason()}, or -1. */
    int closeReasonCode();

    /** The broker's explanation of {@link #closeReason()}, or {@code null}. */
    String closeDetail();

    /** Another connection took this client id over; {@code sessionEnds}: its session ends with it. */
    void takenOver(boolean sessionEnds);

    /** Closes it because its user may no longer connect (reason for the log and MQTT 5 clients). */
    void revoke(String reason);

    /** Publishes its will now (shutdown), before the connection is closed. */
    void publishWillNow();

    /** Tells the client the server is shutting down and closes the connection. */
    void shutdown();

    /** Waits until the connection is closed, at most {@code timeout}. */
    void awaitClosed(long timeout, TimeUnit unit);
}
