package io.tributary.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every configuration key the platform knows, with its default and a one-line description. */
public enum ConfigKey {
    NODE_ID("node.id", "", "Node id reported in messages and logs (empty: the host name)"),
    DATA_DIR("data.dir", "./data", "Directory for the database and other state"),
    PLUGINS_DIR("plugins.dir", "./plugins", "Directory plugins are loaded from"),
    PLUGINS_WATCH_INTERVAL("plugins.watch-interval-ms", "2000", "Longest time between two scans of the plugins directory for added, replaced or removed archives (0: no watching)"),
    MQTT_BIND("mqtt.bind", "0.0.0.0", "Address the MQTT listeners bind to"),
    MQTT_PORT("mqtt.port", "1883", "MQTT over TCP port (-1 disables the listener, 0 picks a free port)"),
    MQTT_WS_PORT("mqtt.ws.port", "8084", "MQTT over WebSocket port (-1 disables, 0 picks a free port)"),
    MQTT_WS_PATH("mqtt.ws.path", "/mqtt", "HTTP path of the MQTT WebSocket endpoint"),
    MQTT_MAX_PACKET_SIZE("mqtt.max-packet-size", "262144", "Largest MQTT packet accepted, in bytes"),
    MQTT_CONNECT_TIMEOUT("mqtt.connect-timeout-seconds", "10", "Seconds a new connection may take to send CONNECT"),
    MQTT_RECEIVE_MAXIMUM("mqtt.receive-maximum", "100", "QoS 1/2 publishes a client may have unacknowledged (MQTT 5)"),
    MQTT_TOPIC_ALIAS_MAXIMUM("mqtt.topic-alias-maximum", "10", "Topic aliases a client may use (MQTT 5)"),
    MQTT_SERVER_KEEP_ALIVE("mqtt.server-keep-alive", "0", "Keep-alive the server imposes, seconds (0: the client's)"),
    SESSION_MAX_QUEUED("session.max-queued-messages", "1000", "QoS 1/2 messages queued per offline session; beyond are dropped and counted"),
    SESSION_MAX_INFLIGHT("session.max-inflight", "32", "QoS 1/2 messages in flight to one client (also capped by its receive maximum)"),
    SESSION_MAX_EXPIRY("session.max-expiry-seconds", "4294967295", "Cap on the session expiry interval a client may ask for"),
    AUTH_ANONYMOUS("auth.anonymous", "true", "Allow clients without credentials"),
    AUTH_USERS("auth.users", "", "Credentials as user:password pairs separated by commas (password may be sha256:<hex>)"),
    ADMIN_BIND("admin.bind", "0.0.0.0", "Address the admin HTTP server binds to"),
    ADMIN_PORT("admin.port", "8083", "Admin HTTP port: REST API and UI (-1 disables, 0 picks a free port)"),
    ADMIN_USER("admin.user", "admin", "Admin user name"),
    ADMIN_PASSWORD("admin.password", "", "Admin password (empty: generated at first start, printed once, stored hashed)"),
    MQTT_PERSISTENCE("mqtt.persistence", "true", "Keep persistent sessions (subscriptions, queued and in-flight QoS 1/2 messages) and retained messages on disk across restarts and crashes"),
    INTEGRATION_DURABILITY("integration.durability", "fsync", "When a message counts as stored before its publisher is acknowledged: fsync (on disk), os (written to the operating system: survives kill -9, not a power cut) or memory (lost with the process)"),
    INTEGRATION_MAX_MESSAGES("integration.max-messages", "1000000", "Messages one integration's log may hold; beyond, QoS 1/2 publishers are held (backpressure) and QoS 0 messages dropped and counted"),
    INTEGRATION_MAX_BYTES("integration.max-bytes", "536870912", "Bytes one integration's log may take (on disk, or heap with durability memory); beyond, the same as max-messages"),
    INTEGRATION_MAX_ATTEMPTS("integration.max-attempts", "0", "Delivery attempts after which a message goes to the integration's dead letters (0: retry until delivered)"),
    INTEGRATION_MAX_INFLIGHT("integration.max-inflight", "100", "Messages one integration processes concurrently (unless its plugin asks for its own window)"),
    INTEGRATION_PROCESS_TIMEOUT("integration.process-timeout-ms", "30000", "Time a plugin has to complete one message before the attempt counts as failed"),
    INTEGRATION_RETRY_INITIAL("integration.retry-initial-ms", "1000", "First retry delay of a failed message (doubles each attempt)"),
    INTEGRATION_RETRY_MAX("integration.retry-max-ms", "60000", "Longest retry delay of a failed message"),
    INTEGRATION_RETRY_QOS0("integration.retry-qos0", "false", "Retry failed QoS 0 messages too"),
    INTEGRATION_RESTART_INITIAL("integration.restart-initial-seconds", "5", "First delay before restarting a failed integration (doubles each time)"),
    INTEGRATION_RESTART_MAX("integration.restart-max-seconds", "300", "Longest delay between restarts of a failed integration"),
    INTEGRATION_STATS_INTERVAL("integration.stats-interval-seconds", "60", "How often statistics are persisted as events"),
    EVENTS_TTL_DAYS("events.ttl-days", "14", "Events older than this are deleted"),
    SHUTDOWN_DRAIN_SECONDS("shutdown.drain-seconds", "10", "On stop, disable or upgrade: seconds to wait for deliveries in flight to finish; the rest stays in the log");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Environment variable name: TRIBUTARY_ + key upper-cased, '.' and '-' as '_'. */
    public String envName() {
        return "TRIBUTARY_" + key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    static Map<String, ConfigKey> byKey() {
        Map<String, ConfigKey> map = new LinkedHashMap<>();
        for (ConfigKey k : values()) {
            map.put(k.key, k);
        }
        return map;
    }
}
