package io.tributary.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every configuration key the platform knows: its default, the values it accepts (checked at start)
 * and a one-line description. The README's table and conf/tributary.properties are tested against it.
 */
public enum ConfigKey {
    NODE_ID("node.id", "", ConfigType.text(), "Node id reported in messages and logs (empty: the host name)"),
    NODE_ROLES("node.roles", "broker,executor", ConfigType.someOf("broker", "executor"), "What this node does: broker accepts MQTT clients and routes messages into the integration logs, executor runs the integrations that deliver them; both in one process by default (a cluster may run nodes with one role each)"),
    NODE_ADVERTISED_HOST("node.advertised-host", "", ConfigType.text(), "Host name or address of this node in the cluster view (its admin URL and MQTT listeners); empty: admin.bind and mqtt.bind, or the host name where they are 0.0.0.0"),
    DATA_DIR("data.dir", "./data", ConfigType.nonEmpty(), "Directory for the database and other state"),
    STORAGE_URL("storage.url", "", ConfigType.text(), "JDBC URL of the configuration store: empty keeps the SQLite file tributary.db in data.dir; jdbc:postgresql://host:port/database stores integrations, MQTT users, ACL rules and events in PostgreSQL, shared by every node that names it"),
    STORAGE_USER("storage.user", "", ConfigType.text(), "PostgreSQL user of storage.url (empty: from the URL or the driver's default)"),
    STORAGE_PASSWORD("storage.password", "", ConfigType.text(), "PostgreSQL password of storage.user; a secret, never logged (better given as TRIBUTARY_STORAGE_PASSWORD)"),
    STORAGE_POOL_SIZE("storage.pool-size", "8", ConfigType.integer(1, 1000), "Connections each node keeps to PostgreSQL at most"),
    STORAGE_SYNC_INTERVAL("storage.sync-interval-ms", "1000", ConfigType.integer(10, 60_000), "How often a node sharing PostgreSQL checks for configuration changes made on other nodes"),
    CLUSTER_HEARTBEAT_INTERVAL("cluster.heartbeat-interval-ms", "5000", ConfigType.integer(100, 60_000), "How often a node writes its heartbeat (roles, endpoints, health, integrations) to the store; the cluster page and GET /api/cluster on any node read them"),
    CLUSTER_NODE_DOWN_AFTER("cluster.node-down-after-heartbeats", "3", ConfigType.integer(2, 1000), "Missed heartbeats after which a node is shown as down; a node id held by a node not down cannot be used by another process"),
    CLUSTER_NODE_REMOVE_AFTER("cluster.node-remove-after-hours", "24", ConfigType.integer(1, 87_600), "How long a node that stopped or went down stays listed (an admin can remove it earlier)"),
    CLUSTER_TAKEOVER_INTERVAL("cluster.takeover-interval-ms", "250", ConfigType.integer(20, 10_000), "PostgreSQL only: how often a node writes the client ids that connected to it and reads those that connected to other nodes; an older connection with the same client id on another node is closed (session taken over) within about two intervals"),
    CLUSTER_RETAINED_SYNC_INTERVAL("cluster.retained-sync-interval-ms", "500", ConfigType.integer(20, 60_000), "PostgreSQL only: how often a node writes the retained messages its clients set or cleared to the shared store and applies those set on other nodes (a new subscriber on any node gets them after about one interval)"),
    CLUSTER_SUBSCRIPTIONS_SYNC_INTERVAL("cluster.subscriptions-sync-interval-ms", "250", ConfigType.integer(20, 60_000), "PostgreSQL with a shared log only: how often a node writes the topic filters its clients subscribed to and reads those of the other nodes, which forward matching publishes to it (a new subscription on any node gets messages published on the others after about two intervals)"),
    CLUSTER_SESSION_HANDOVER_TIMEOUT("cluster.session-handover-timeout-ms", "3000", ConfigType.integer(100, 60_000), "PostgreSQL with a shared log only: how long a client reconnecting with a persistent session to another node waits for the node that has its session to send it (queued messages included); after that the node is taken for down, the session resumes from its subscriptions in the shared store and the queued messages follow when that node is back"),
    SECRET_KEY("secret.key", "", ConfigType.secretKey(), "Key that encrypts stored secrets, base64 of 32 bytes (empty: the file secret.key in data.dir, created at first start)"),
    SECRET_KEY_PREVIOUS("secret.key-previous", "", ConfigType.secretKey(), "The key secrets were encrypted with before secret.key changed: stored secrets are re-encrypted with the new key at start"),
    LOG_FORMAT("log.format", "text", ConfigType.oneOf("text", "json"), "Log line format on standard output: text, or json (one JSON object per line, for log shippers)"),
    PLUGINS_DIR("plugins.dir", "./plugins", ConfigType.nonEmpty(), "Directory plugins are loaded from"),
    PLUGINS_WATCH_INTERVAL("plugins.watch-interval-ms", "2000", ConfigType.integer(0, Long.MAX_VALUE), "Longest time between two scans of the plugins directory for added, replaced or removed archives (0: no watching)"),
    MQTT_BIND("mqtt.bind", "0.0.0.0", ConfigType.nonEmpty(), "Address the MQTT listeners bind to"),
    MQTT_PORT("mqtt.port", "1883", ConfigType.port(), "MQTT over TCP port (-1 disables the listener, 0 picks a free port)"),
    MQTT_WS_PORT("mqtt.ws.port", "8084", ConfigType.port(), "MQTT over WebSocket port (-1 disables, 0 picks a free port)"),
    MQTT_WS_PATH("mqtt.ws.path", "/mqtt", ConfigType.httpPath(), "HTTP path of the MQTT WebSocket endpoint"),
    MQTT_TLS_PORT("mqtt.tls.port", "8883", ConfigType.port(), "MQTT over TLS port; starts only when mqtt.tls key material is set (-1 disables, 0 picks a free port)"),
    MQTT_WSS_PORT("mqtt.wss.port", "8085", ConfigType.port(), "MQTT over secure WebSocket port, path mqtt.ws.path; starts only when mqtt.tls key material is set (-1 disables, 0 picks a free port)"),
    MQTT_TLS_CERT("mqtt.tls.cert", "", ConfigType.text(), "PEM file with the server certificate chain, leaf first (with mqtt.tls.key)"),
    MQTT_TLS_KEY("mqtt.tls.key", "", ConfigType.text(), "PEM file with the PKCS#8 private key of mqtt.tls.cert"),
    MQTT_TLS_KEY_PASSWORD("mqtt.tls.key-password", "", ConfigType.text(), "Password of an encrypted mqtt.tls.key (empty: the key is not encrypted)"),
    MQTT_TLS_KEYSTORE("mqtt.tls.keystore", "", ConfigType.text(), "PKCS#12 file with the server key and certificate chain, instead of mqtt.tls.cert and mqtt.tls.key"),
    MQTT_TLS_KEYSTORE_PASSWORD("mqtt.tls.keystore-password", "", ConfigType.text(), "Password of mqtt.tls.keystore"),
    MQTT_TLS_CLIENT_AUTH("mqtt.tls.client-auth", "none", ConfigType.oneOf("none", "optional", "required"), "Client certificates: none (not asked for), optional (verified when sent) or required (mutual TLS)"),
    MQTT_TLS_CLIENT_CA("mqtt.tls.client-ca", "", ConfigType.text(), "PEM file with the CA certificates client certificates must chain to (needed unless client-auth is none)"),
    MQTT_TLS_CERT_USERNAME("mqtt.tls.cert-username", "none", ConfigType.oneOf("none", "cn", "san-dns", "san-email"), "MQTT user name taken from a verified client certificate, replacing the CONNECT user name: none, cn (subject common name), san-dns or san-email (first such subject alternative name)"),
    MQTT_TLS_PROTOCOLS("mqtt.tls.protocols", "TLSv1.3,TLSv1.2", ConfigType.text(), "TLS versions offered, comma-separated: TLSv1.3, TLSv1.2 (older ones are refused)"),
    MQTT_TLS_CIPHERS("mqtt.tls.ciphers", "", ConfigType.text(), "Cipher suites, comma-separated Java (IANA) names (empty: the provider's defaults)"),
    MQTT_TLS_PROVIDER("mqtt.tls.provider", "auto", ConfigType.oneOf("auto", "openssl", "jdk"), "TLS implementation: auto (OpenSSL/BoringSSL when it loads, else the JDK), openssl or jdk"),
    MQTT_TLS_RELOAD_INTERVAL("mqtt.tls.reload-interval-seconds", "60", ConfigType.integer(0, 86_400), "How often the key and certificate files are checked for changes; changed files apply to new connections (0: never)"),
    MQTT_TRANSPORT("mqtt.transport", "auto", ConfigType.oneOf("auto", "epoll", "nio"), "Socket I/O of the MQTT listeners: auto (Linux epoll where Netty's native library loads, else the JDK's NIO), epoll (refuse to start without it) or nio"),
    MQTT_IO_THREADS("mqtt.io-threads", "0", ConfigType.integer(0, 1024), "Event-loop threads serving MQTT connections (0: two per core)"),
    MQTT_MAX_PACKET_SIZE("mqtt.max-packet-size", "262144", ConfigType.integer(1, 268_435_455), "Largest MQTT packet accepted, in bytes"),
    MQTT_CONNECT_TIMEOUT("mqtt.connect-timeout-seconds", "10", ConfigType.integer(1, 3600), "Seconds a new connection may take to send CONNECT"),
    MQTT_RECEIVE_MAXIMUM("mqtt.receive-maximum", "100", ConfigType.integer(1, 65535), "QoS 1/2 publishes a client may have unacknowledged (MQTT 5)"),
    MQTT_TOPIC_ALIAS_MAXIMUM("mqtt.topic-alias-maximum", "10", ConfigType.integer(0, 65535), "Topic aliases a client may use (MQTT 5)"),
    MQTT_SERVER_KEEP_ALIVE("mqtt.server-keep-alive", "0", ConfigType.integer(0, 65535), "Keep-alive the server imposes, seconds (0: the client's)"),
    MQTT_MAX_KEEP_ALIVE("mqtt.max-keep-alive", "65535", ConfigType.integer(0, 65535), "Longest keep-alive a client gets, seconds: an MQTT 5 client asking more (or 0) is told this value, a 3.1.x client asking more is held to it (0: no cap)"),
    MQTT_OUTBOUND_TOPIC_ALIASES("mqtt.outbound-topic-aliases", "10", ConfigType.integer(0, 65535), "Topic aliases the broker assigns per MQTT 5 connection to topics it sends, up to the client's topic alias maximum, least recently used reassigned (0: off)"),
    MQTT_MAX_CONNECTIONS("mqtt.max-connections", "100000", ConfigType.integer(0, Integer.MAX_VALUE), "Open MQTT connections, counted from accept; beyond, CONNECT is refused (0: no limit)"),
    MQTT_MAX_CONNECTIONS_PER_IP("mqtt.max-connections-per-ip", "0", ConfigType.integer(0, Integer.MAX_VALUE), "Open MQTT connections from one source address; beyond, CONNECT is refused (0: no limit)"),
    MQTT_MAX_SUBSCRIPTIONS("mqtt.max-subscriptions-per-client", "1000", ConfigType.integer(0, Integer.MAX_VALUE), "Subscriptions one session may hold; filters beyond are refused in SUBACK (0: no limit)"),
    MQTT_MAX_TOPIC_LEVELS("mqtt.max-topic-levels", "128", ConfigType.integer(1, 65535), "Levels a topic name or topic filter may have"),
    MQTT_RETAINED_MAX_MESSAGES("mqtt.retained.max-messages", "1000000", ConfigType.integer(1, Integer.MAX_VALUE), "Retained messages kept; beyond, a retained publish to a new topic is delivered but not retained"),
    MQTT_RETAINED_MAX_BYTES("mqtt.retained.max-bytes", "268435456", ConfigType.integer(1, Long.MAX_VALUE), "Bytes of retained messages kept (topics and payloads); beyond, the same as max-messages"),
    MQTT_OUTBOUND_HIGH_WATER_MARK("mqtt.outbound.high-water-mark-bytes", "1048576", ConfigType.integer(1024, Integer.MAX_VALUE), "Bytes waiting to be written to one client above which it counts as slow: QoS 0 messages to it are dropped or it is disconnected"),
    MQTT_OUTBOUND_SLOW_CONSUMER("mqtt.outbound.slow-consumer", "drop", ConfigType.oneOf("drop", "disconnect"), "What happens to a QoS 0 message for a slow client: drop (counted) or disconnect the client; QoS 1/2 messages stay queued in its session"),
    SESSION_MAX_QUEUED("session.max-queued-messages", "1000", ConfigType.integer(1, Integer.MAX_VALUE), "QoS 1/2 messages queued per session while its client is offline; beyond, new messages are dropped and counted"),
    SESSION_MAX_QUEUED_ONLINE("session.max-queued-messages-online", "1000", ConfigType.integer(1, Integer.MAX_VALUE), "QoS 1/2 messages waiting behind the in-flight window of a connected client; beyond, the oldest waiting one is dropped and counted"),
    SESSION_ONLINE_QUEUE_TARGET("session.online-queue-target-ms", "1", ConfigType.integer(0, 60_000), "Once the queue of a connected client has not emptied for a second (it cannot keep up, this is no burst), messages that waited longer than this are dropped, oldest first, until a second passes without one, so what it gets stays recent (0: off)"),
    SESSION_MAX_INFLIGHT("session.max-inflight", "32", ConfigType.integer(1, 65535), "QoS 1/2 messages in flight to one client (also capped by its receive maximum)"),
    SESSION_MAX_EXPIRY("session.max-expiry-seconds", "4294967295", ConfigType.integer(0, 4_294_967_295L), "Cap on the session expiry interval a client may ask for"),
    SESSION_MAX_EXPIRY_V3("session.max-expiry-seconds-v3", "604800", ConfigType.integer(1, 4_294_967_295L), "Expiry of MQTT 3.1.x persistent sessions (clean session off), which cannot ask for one, counted from the disconnect (4294967295: never)"),
    AUTH_ANONYMOUS("auth.anonymous", "true", ConfigType.bool(), "Allow clients without credentials"),
    AUTH_USERS("auth.users", "", ConfigType.text(), "MQTT users created at start when absent: user:password pairs separated by commas (password may be a sha256:<hex> or pbkdf2-sha256 hash)"),
    AUTH_CERTIFICATE("auth.certificate", "false", ConfigType.bool(), "A verified client certificate whose CN is an enabled MQTT user authenticates that user without a password"),
    AUTH_ACL_DEFAULT("auth.acl.default", "allow", ConfigType.oneOf("allow", "deny"), "What an MQTT publish or subscribe gets when no ACL rule matches"),
    ADMIN_BIND("admin.bind", "0.0.0.0", ConfigType.nonEmpty(), "Address the admin HTTP server binds to"),
    ADMIN_PORT("admin.port", "8083", ConfigType.port(), "Admin HTTP port: REST API and UI (-1 disables, 0 picks a free port)"),
    ADMIN_USER("admin.user", "admin", ConfigType.nonEmpty(), "Admin user name"),
    ADMIN_PASSWORD("admin.password", "", ConfigType.password(12), "Admin password, at least 12 characters (empty: generated at first start, shown once on the console, stored hashed)"),
    ADMIN_LOGIN_MAX_FAILURES("admin.login.max-failures", "10", ConfigType.integer(1, 10_000), "Failed admin logins from one address, or for one user name, after which further attempts are refused for admin.login.lockout-seconds"),
    ADMIN_LOGIN_LOCKOUT("admin.login.lockout-seconds", "900", ConfigType.integer(1, 86_400), "How long logins stay refused after admin.login.max-failures failures"),
    ADMIN_LOGIN_DELAY("admin.login.delay-ms", "1000", ConfigType.integer(0, 60_000), "Wait after a failed admin login before the next attempt from that address or for that user is checked; doubles with each further failure"),
    ADMIN_MAX_REQUEST_BYTES("admin.max-request-bytes", "1048576", ConfigType.integer(1024, 104_857_600), "Largest request body the admin accepts on its JSON and form routes (413 beyond; /login takes 8 KiB, plugin uploads their own limit)"),
    ADMIN_TLS_CERT("admin.tls.cert", "", ConfigType.text(), "PEM file with the admin server certificate chain, leaf first; with admin.tls.key the admin serves HTTPS (instead of HTTP) on admin.port"),
    ADMIN_TLS_KEY("admin.tls.key", "", ConfigType.text(), "PEM file with the PKCS#8 private key of admin.tls.cert"),
    ADMIN_TLS_KEY_PASSWORD("admin.tls.key-password", "", ConfigType.text(), "Password of an encrypted admin.tls.key (empty: the key is not encrypted)"),
    ADMIN_TLS_KEYSTORE("admin.tls.keystore", "", ConfigType.text(), "PKCS#12 file with the admin server key and certificate chain, instead of admin.tls.cert and admin.tls.key"),
    ADMIN_TLS_KEYSTORE_PASSWORD("admin.tls.keystore-password", "", ConfigType.text(), "Password of admin.tls.keystore"),
    ADMIN_TLS_RELOAD_INTERVAL("admin.tls.reload-interval-seconds", "60", ConfigType.integer(0, 86_400), "How often the admin key and certificate files are checked for changes; changed files apply to new connections (0: never)"),
    METRICS_AUTH("metrics.auth", "false", ConfigType.bool(), "GET /metrics requires the admin login (HTTP Basic or a UI session, as /api); false: anyone who reaches the port may scrape. /health/live and /health/ready are always public"),
    METRICS_PORT("metrics.port", "-1", ConfigType.port(), "Separate HTTP port serving only /metrics, /health/live and /health/ready, up from the start of start-up to the end of shutdown (-1: off, they are served on admin.port only; 0 picks a free port)"),
    METRICS_BIND("metrics.bind", "0.0.0.0", ConfigType.nonEmpty(), "Address the metrics.port server binds to"),
    MQTT_PERSISTENCE("mqtt.persistence", "true", ConfigType.bool(), "Keep persistent sessions (subscriptions, queued and in-flight QoS 1/2 messages) and retained messages on disk across restarts and crashes"),
    INTEGRATION_DURABILITY("integration.durability", "fsync", ConfigType.oneOf("fsync", "os", "memory"), "When a message counts as stored before its publisher is acknowledged: fsync (on disk), os (written to the operating system: survives kill -9, not a power cut) or memory (lost with the process)"),
    INTEGRATION_MAX_MESSAGES("integration.max-messages", "1000000", ConfigType.integer(1, Long.MAX_VALUE), "Messages one integration's log may hold; beyond, QoS 1/2 publishers are held (backpressure) and QoS 0 messages dropped and counted"),
    INTEGRATION_MAX_BYTES("integration.max-bytes", "536870912", ConfigType.integer(1, Long.MAX_VALUE), "Bytes one integration's log may take (on disk, or heap with durability memory); beyond, the same as max-messages"),
    INTEGRATION_MAX_ATTEMPTS("integration.max-attempts", "0", ConfigType.integer(0, Integer.MAX_VALUE), "Delivery attempts after which a message goes to the integration's dead letters (0: retry until delivered)"),
    INTEGRATION_MAX_INFLIGHT("integration.max-inflight", "100", ConfigType.integer(1, 100_000), "Messages one integration processes concurrently (unless its plugin asks for its own window)"),
    INTEGRATION_PROCESS_TIMEOUT("integration.process-timeout-ms", "30000", ConfigType.integer(1, Long.MAX_VALUE), "Time a plugin has to complete one message before the attempt counts as failed"),
    INTEGRATION_RETRY_INITIAL("integration.retry-initial-ms", "1000", ConfigType.integer(1, Long.MAX_VALUE), "First retry delay of a failed message (doubles each attempt)"),
    INTEGRATION_RETRY_MAX("integration.retry-max-ms", "60000", ConfigType.integer(1, Long.MAX_VALUE), "Longest retry delay of a failed message"),
    INTEGRATION_RETRY_QOS0("integration.retry-qos0", "false", ConfigType.bool(), "Retry failed QoS 0 messages too"),
    INTEGRATION_RESTART_INITIAL("integration.restart-initial-seconds", "5", ConfigType.integer(1, Long.MAX_VALUE), "First delay before restarting a failed integration (doubles each time)"),
    INTEGRATION_RESTART_MAX("integration.restart-max-seconds", "300", ConfigType.integer(1, Long.MAX_VALUE), "Longest delay between restarts of a failed integration"),
    INTEGRATION_STATS_INTERVAL("integration.stats-interval-seconds", "60", ConfigType.integer(1, 86_400), "How often statistics are persisted as events"),
    EVENTS_TTL_DAYS("events.ttl-days", "14", ConfigType.integer(1, 36_500), "Events older than this are deleted"),
    SHUTDOWN_DRAIN_SECONDS("shutdown.drain-seconds", "10", ConfigType.integer(0, 3600), "On stop, disable or upgrade: seconds to wait for deliveries in flight to finish; the rest stays in the log");

    private final String key;
    private final String defaultValue;
    private final ConfigType type;
    private final String description;

    ConfigKey(String key, String defaultValue, ConfigType type, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.type = type;
        this.description = description;
    }

    /** What values it accepts. */
    public ConfigType type() {
        return type;
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
