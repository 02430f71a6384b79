package io.tributary.broker;

import io.tributary.broker.limits.Limits;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;

/**
 * The broker's limits, read once from configuration.
 *
 * @param nodeId               this node's id
 * @param maxPacketSize        largest packet accepted, bytes
 * @param connectTimeoutSeconds time allowed between TCP connect and CONNECT
 * @param receiveMaximum       QoS 1/2 publishes a client may leave unacknowledged
 * @param topicAliasMaximum    topic aliases a client may use
 * @param serverKeepAlive      keep-alive imposed on clients, 0 for the client's own
 * @param maxQueuedMessages    per-session queue bound while no client is connected (newest dropped beyond)
 * @param maxQueuedOnline      messages waiting behind a connected client's in-flight window (oldest dropped beyond)
 * @param onlineQueueTargetMs  once a connected client's queue is standing, longest wait before a message is dropped
 * @param maxInflight          per-session in-flight bound
 * @param maxSessionExpiry     cap on the session expiry interval
 * @param limits               limits against abuse, keep-alive cap, outbound topic aliases
 */
public record BrokerSettings(String nodeId, int maxPacketSize, int connectTimeoutSeconds, int receiveMaximum,
                             int topicAliasMaximum, int serverKeepAlive, int maxQueuedMessages, int maxInflight,
                             long maxSessionExpiry, Limits limits, int maxQueuedOnline,
                             int onlineQueueTargetMs) {

    public static BrokerSettings from(TributaryConfig config) {
        return new BrokerSettings(
                config.nodeId(),
                config.getInt(ConfigKey.MQTT_MAX_PACKET_SIZE),
                config.getInt(ConfigKey.MQTT_CONNECT_TIMEOUT),
                config.getInt(ConfigKey.MQTT_RECEIVE_MAXIMUM),
                config.getInt(ConfigKey.MQTT_TOPIC_ALIAS_MAXIMUM),
                config.getInt(ConfigKey.MQTT_SERVER_KEEP_ALIVE),
                config.getInt(ConfigKey.SESSION_MAX_QUEUED),
                config.getInt(ConfigKey.SESSION_MAX_INFLIGHT),
                config.getLong(ConfigKey.SESSION_MAX_EXPIRY),
                Limits.from(config),
                config.getInt(ConfigKey.SESSION_MAX_QUEUED_ONLINE),
                config.getInt(ConfigKey.SESSION_ONLINE_QUEUE_TARGET));
    }
}
