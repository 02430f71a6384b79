package io.tributary.broker.limits;

import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;

import java.util.Locale;

/**
 * Limits against abuse and the keep-alive and topic alias settings that go with them, read once
 * from configuration. A limit of 0 means "no limit" where the key allows 0.
 *
 * @param maxConnections          open connections in all (0: no limit)
 * @param maxConnectionsPerIp     open connections from one source address (0: no limit)
 * @param maxSubscriptions        subscriptions per session (0: no limit)
 * @param maxTopicLevels          levels of a topic name or filter
 * @param retainedMaxMessages     retained messages kept
 * @param retainedMaxBytes        bytes of retained topics and payloads kept
 * @param outboundHighWaterMark   bytes waiting for one client above which it counts as slow
 * @param disconnectSlowConsumers true: disconnect a slow client; false: drop its QoS 0 messages
 * @param maxKeepAlive            longest keep-alive a client gets, seconds (0: no cap)
 * @param outboundTopicAliases    topic aliases the broker assigns per MQTT 5 connection (0: off)
 * @param v3SessionExpiry         expiry of MQTT 3.1.x persistent sessions, seconds
 */
public record Limits(int maxConnections, int maxConnectionsPerIp, int maxSubscriptions, int maxTopicLevels,
                     int retainedMaxMessages, long retainedMaxBytes, int outboundHighWaterMark,
                     boolean disconnectSlowConsumers, int maxKeepAlive, int outboundTopicAliases,
                     long v3SessionExpiry) {

    public static Limits from(TributaryConfig config) {
        return new Limits(
                config.getInt(ConfigKey.MQTT_MAX_CONNECTIONS),
                config.getInt(ConfigKey.MQTT_MAX_CONNECTIONS_PER_IP),
                config.getInt(ConfigKey.MQTT_MAX_SUBSCRIPTIONS),
                config.getInt(ConfigKey.MQTT_MAX_TOPIC_LEVELS),
                config.getInt(ConfigKey.MQTT_RETAINED_MAX_MESSAGES),
                config.getLong(ConfigKey.MQTT_RETAINED_MAX_BYTES),
                config.getInt(ConfigKey.MQTT_OUTBOUND_HIGH_WATER_MARK),
                config.get(ConfigKey.MQTT_OUTBOUND_SLOW_CONSUMER).trim().toLowerCase(Locale.ROOT).equals("disconnect"),
                config.getInt(ConfigKey.MQTT_MAX_KEEP_ALIVE),
                config.getInt(ConfigKey.MQTT_OUTBOUND_TOPIC_ALIASES),
                config.getLong(ConfigKey.SESSION_MAX_EXPIRY_V3));
    }

    /** True when {@code topic} (a name or a filter) has more levels than allowed. */
    public boolean tooManyLevels(String topic) {
        int levels = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/' && ++levels > maxTopicLevels) {
                return true;
            }
        }
        return false;
    }

    /**
     * The keep-alive a client gets, seconds.
     *
     * @param asked           what the client asked for in CONNECT (0: none)
     * @param serverKeepAlive the value {@code mqtt.server-keep-alive} imposes on every client, or 0
     */
    public int keepAlive(int asked, int serverKeepAlive) {
        if (serverKeepAlive > 0) {
            return serverKeepAlive;
        }
        if (maxKeepAlive > 0 && (asked == 0 || asked > maxKeepAlive)) {
            return maxKeepAlive;
        }
        return asked;
    }
}
