package io.tributary.broker.clientevents;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.routing.ClientEventRoutes;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Turns what happens to MQTT clients into event records for the integrations that want them
 * ({@link ClientEventRoutes}). Every method returns at once when none does, before allocating
 * anything, so the connect path costs nothing extra; otherwise the event goes into each such
 * integration's log without waiting (safe on a Netty event loop).
 *
 * <p>An event is a {@link BrokerMessage} with an {@code eventType}: its topic is
 * {@link ClientEventType#topic()}, its payload a small JSON object (always {@code eventType},
 * {@code clientId}, {@code username} ({@code null} when anonymous) and {@code ts}, then the
 * event's own members), QoS 1 (delivered at least once, like a QoS 1 message) and content type
 * {@code application/json}. MQTT ACLs do not apply: which integrations receive events is
 * the operator's configuration.
 */
public final class ClientEvents {
    private static final BrokerMessage.ForwardedProperties JSON = new BrokerMessage.ForwardedProperties(true,
            "application/json", null, null, List.of());

    private final ClientEventRoutes routes;

    public ClientEvents(ClientEventRoutes routes) {
        this.routes = routes;
    }

    /** True when at least one integration receives client events. */
    public boolean wanted() {
        return routes.wanted();
    }

    /** A CONNECT was accepted. */
    public void connected(String clientId, String username, SocketAddress remote, MqttVersion version,
                          boolean cleanStart, boolean sessionPresent, long sessionExpirySeconds, int keepAliveSeconds) {
        if (!routes.wanted()) {
            return;
        }
        long now = System.currentTimeMillis();
        EventJson json = start(ClientEventType.CONNECTED, clientId, username, now)
                .string("remoteAddress", address(remote))
                .string("protocolVersion", version(version))
                .bool("cleanStart", cleanStart)
                .bool("sessionPresent", sessionPresent)
                .number("sessionExpiryInterval", sessionExpirySeconds)
                .number("keepAlive", keepAliveSeconds);
        send(ClientEventType.CONNECTED, clientId, now, json);
    }

    /**
     * An accepted connection ended.
     *
     * @param reasonCode the MQTT reason code the client sent (CLIENT_DISCONNECT) or the broker sent
     *                   or would have sent to an MQTT 3 client; -1 when none ({@code CONNECTION_LOST},
     *                   {@code SLOW_CONSUMER})
     * @param detail     the broker's explanation (its reason string), or {@code null}
     */
    public void disconnected(String clientId, String username, SocketAddress remote, MqttVersion version,
                             DisconnectReason reason, int reasonCode, String detail, long sessionExpirySeconds) {
        if (!routes.wanted()) {
            return;
        }
        long now = System.currentTimeMillis();
        EventJson json = start(ClientEventType.DISCONNECTED, clientId, username, now)
                .string("reason", reason.name())
                .numberOrNull("reasonCode", reasonCode)
                .string("detail", detail)
                .string("remoteAddress", address(remote))
                .string("protocolVersion", version(version))
                .number("sessionExpiryInterval", sessionExpirySeconds);
        send(ClientEventType.DISCONNECTED, clientId, now, json);
    }

    /**
     * A subscription was granted.
     *
     * @param topicFilter    the filter as the client sent it ({@code $share/group/...} included)
     * @param qos            the QoS granted
     * @param subscriptionId MQTT 5 subscription identifier, or 0 for none
     */
    public void subscribed(String clientId, String username, String topicFilter, int qos, boolean noLocal,
                           boolean retainAsPublished, int retainHandling, int subscriptionId) {
        if (!routes.wanted()) {
            return;
        }
        long now = System.currentTimeMillis();
        EventJson json = start(ClientEventType.SUBSCRIBED, clientId, username, now)
                .string("topicFilter", topicFilter)
                .number("qos", qos)
                .bool("noLocal", noLocal)
                .bool("retainAsPublished", retainAsPublished)
                .number("retainHandling", retainHandling)
                .numberOrNull("subscriptionIdentifier", subscriptionId > 0 ? subscriptionId : -1);
        send(ClientEventType.SUBSCRIBED, clientId, now, json);
    }

    /** An UNSUBSCRIBE removed the subscription to {@code topicFilter}. */
    public void unsubscribed(String clientId, String username, String topicFilter) {
        if (!routes.wanted()) {
            return;
        }
        long now = System.currentTimeMillis();
        EventJson json = start(ClientEventType.UNSUBSCRIBED, clientId, username, now)
                .string("topicFilter", topicFilter);
        send(ClientEventType.UNSUBSCRIBED, clientId, now, json);
    }

    /**
     * A session expired with no client connected and was discarded.
     *
     * @param username the user that owned it, or {@code null} (anonymous, or unknown for a session
     *                 restored from the journal and not resumed since)
     */
    public void sessionExpired(String clientId, String username, long sessionExpirySeconds) {
        if (!routes.wanted()) {
            return;
        }
        long now = System.currentTimeMillis();
        EventJson json = start(ClientEventType.SESSION_EXPIRED, clientId, username, now)
                .number("sessionExpiryInterval", sessionExpirySeconds);
        send(ClientEventType.SESSION_EXPIRED, clientId, now, json);
    }

    private static EventJson start(ClientEventType type, String clientId, String username, long now) {
        return new EventJson().string("eventType", type.name()).string("clientId", clientId)
                .string("username", username).number("ts", now);
    }

    private void send(ClientEventType type, String clientId, long now, EventJson json) {
        routes.dispatch(BrokerMessage.clientEvent(type.topic(), json.bytes(), clientId, now, JSON, type.name()));
    }

    private static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress a) {
            return a.getHostString() + ":" + a.getPort();
        }
        return remote == null ? null : remote.toString();
    }

    private static String version(MqttVersion version) {
        return switch (version) {
            case MQTT_3_1 -> "3.1";
            case MQTT_3_1_1 -> "3.1.1";
            case MQTT_5 -> "5.0";
        };
    }
}
