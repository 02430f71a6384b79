package io.tributary.mqtt.config;

import io.tributary.integration.commons.template.Template;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.ConfigSchema.FieldBuilder;

/** The configuration form of the MQTT bridge. Field names follow TBMQ's MQTT integration where it has one. */
public final class MqttConfigSchema {
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String MQTT_VERSION = "mqttVersion";
    public static final String CLIENT_ID = "clientId";
    public static final String CLEAN_SESSION = "cleanSession";
    public static final String SESSION_EXPIRY_SEC = "sessionExpiryIntervalSec";
    public static final String KEEP_ALIVE_SEC = "keepAliveSec";
    public static final String CONNECT_TIMEOUT_SEC = "connectTimeoutSec";
    public static final String RECONNECT_INITIAL_MS = "reconnectInitialDelayMs";
    public static final String RECONNECT_MAX_SEC = "reconnectMaxDelaySec";

    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";

    public static final String TLS = "ssl";
    public static final String TLS_TRUST = "tlsTrust";
    public static final String CA_CERTIFICATE = "caCertificate";
    public static final String CLIENT_CERTIFICATE = "clientCertificate";
    public static final String CLIENT_KEY = "clientKey";

    public static final String TOPIC_PREFIX = "topicPrefix";
    public static final String TOPIC_NAME = "topicName";
    public static final String QOS = "qos";
    public static final String RETAIN = "retain";
    public static final String FORWARD_PROPERTIES = "forwardProperties";
    public static final String SEND_ONLY_MSG_PAYLOAD = "sendOnlyMsgPayload";

    public static final long DEFAULT_PORT = 1883;
    public static final long DEFAULT_KEEP_ALIVE_SEC = 60;
    public static final long DEFAULT_CONNECT_TIMEOUT_SEC = 10;
    public static final long DEFAULT_RECONNECT_INITIAL_MS = 1000;
    public static final long DEFAULT_RECONNECT_MAX_SEC = 60;
    public static final long DEFAULT_SESSION_EXPIRY_SEC = 3600;
    public static final String DEFAULT_TOPIC_NAME = "${topic}";

    private static final String PLACEHOLDERS = " Placeholders: " + Template.KNOWN
            + "; ${payload.FIELD:default} for a default.";

    private static final ConfigSchema SCHEMA = build();

    private MqttConfigSchema() {
    }

    /** The schema; immutable, built once. */
    public static ConfigSchema schema() {
        return SCHEMA;
    }

    private static <E extends Enum<E> & Choice> void options(FieldBuilder f, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            f.option(e.value(), e.label());
        }
    }

    private static ConfigSchema build() {
        return ConfigSchema.builder()
                .group("broker", "Remote broker")
                .string(HOST, f -> f.title("Host").required().placeholder("broker.example.com")
                        .description("Host name or IP address of the MQTT broker messages are forwarded to."))
                .integer(PORT, f -> f.title("Port").defaultValue(DEFAULT_PORT).min(1).max(65535)
                        .description("MQTT port of the remote broker: usually 1883 for TCP, 8883 for TLS."))
                .enumeration(MQTT_VERSION, f -> {
                    f.title("MQTT version").defaultValue(MqttVersion.V5.value())
                            .description("Protocol spoken to the remote broker. MQTT 3.1.1 cannot carry user "
                                    + "properties, content type, response topic or correlation data.");
                    options(f, MqttVersion.class);
                })
                .string(CLIENT_ID, f -> f.title("Client ID").defaultValue("").placeholder("tributary-<integration id>")
                        .description("Client identifier on the remote broker; must be unique there (two bridges "
                                + "with one client ID disconnect each other). Empty: \"tributary-\" and the first "
                                + "13 hex digits of the integration id (23 characters, accepted by every broker)."))

                .group("authentication", "Credentials")
                .string(USERNAME, f -> f.title("Username").defaultValue("")
                        .description("User name sent in CONNECT; empty for none."))
                .secret(PASSWORD, f -> f.title("Password")
                        .description("Password sent in CONNECT. MQTT 3.1.1 needs a username with a password."))

                .group("message", "Forwarded message")
                .string(TOPIC_PREFIX, f -> f.title("Topic prefix").defaultValue("").placeholder("site-a/")
                        .description("Put in front of the topic name, e.g. \"site-a/\"; may use placeholders."
                                + PLACEHOLDERS))
                .string(TOPIC_NAME, f -> f.title("Topic name").defaultValue(DEFAULT_TOPIC_NAME).required()
                        .description("Topic on the remote broker, after the prefix. ${topic} keeps the published "
                                + "topic (TBMQ's \"dynamic topic name\")." + PLACEHOLDERS))
                .enumeration(QOS, f -> {
                    f.title("QoS").defaultValue(QosChoice.AS_PUBLISHED.value())
                            .description("QoS of the forwarded message. A message counts as delivered when the "
                                    + "remote broker acknowledged it (QoS 1: PUBACK, QoS 2: PUBCOMP; QoS 0: once "
                                    + "written to the connection).");
                    options(f, QosChoice.class);
                })
                .enumeration(RETAIN, f -> {
                    f.title("Retain").defaultValue(RetainChoice.AS_PUBLISHED.value())
                            .description("Retain flag of the forwarded message.");
                    options(f, RetainChoice.class);
                })
                .bool(FORWARD_PROPERTIES, f -> f.title("Forward MQTT 5 properties").defaultValue(true)
                        .description("Forward user properties (in order, repeated names kept), content type, "
                                + "response topic and correlation data as published (MQTT 5 only)."))
                .bool(SEND_ONLY_MSG_PAYLOAD, f -> f.title("Send only message payload").defaultValue(true)
                        .description("If enabled, the payload is forwarded byte for byte. If disabled, it is "
                                + "wrapped in the JSON record with the message's metadata, as TBMQ sends it."))

                .group("tls", "TLS")
                .bool(TLS, f -> f.title("Enable TLS").defaultValue(false)
                        .description("Connect with TLS (TLSv1.3 or TLSv1.2)."))
                .enumeration(TLS_TRUST, f -> {
                    f.title("TLS trust").defaultValue(TlsTrust.SYSTEM.value()).visibleWhen(TLS, true)
                            .description("Which server certificates are accepted. \"Trust all\" disables certificate "
                                    + "and host name checks: never use it in production.");
                    options(f, TlsTrust.class);
                })
                .string(CA_CERTIFICATE, f -> f.title("CA certificate (PEM)").defaultValue("")
                        .visibleWhen(TLS_TRUST, TlsTrust.PEM.value())
                        .placeholder("-----BEGIN CERTIFICATE-----\\n...\\n-----END CERTIFICATE-----")
                        .description("Certificate(s) of the CA that signed the broker's certificate; only these are "
                                + "trusted. A literal \\n counts as a line break."))
                .string(CLIENT_CERTIFICATE, f -> f.title("Client certificate (PEM)").defaultValue("")
                        .visibleWhen(TLS, true)
                        .placeholder("-----BEGIN CERTIFICATE-----\\n...\\n-----END CERTIFICATE-----")
                        .description("For brokers that authenticate clients by certificate (mutual TLS): the "
                                + "certificate chain, leaf first. Empty: no client certificate."))
                .secret(CLIENT_KEY, f -> f.title("Client private key (PEM)").visibleWhen(TLS, true)
                        .placeholder("-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----")
                        .description("Private key of the client certificate, unencrypted PKCS#8."))

                .advancedGroup("session", "Session & connection")
                .bool(CLEAN_SESSION, f -> f.title("Clean session").defaultValue(true)
                        .description("Start a new session on every connect (MQTT 5: clean start and no session "
                                + "expiry). Off: the remote broker keeps the session while the bridge is away."))
                .integer(SESSION_EXPIRY_SEC, f -> f.title("Session expiry (s)").defaultValue(DEFAULT_SESSION_EXPIRY_SEC)
                        .min(0).max(4_294_967_295L).visibleWhen(CLEAN_SESSION, false)
                        .description("MQTT 5 only: how long the remote broker keeps the session after a "
                                + "disconnect when clean session is off."))
                .integer(KEEP_ALIVE_SEC, f -> f.title("Keep alive (s)").defaultValue(DEFAULT_KEEP_ALIVE_SEC)
                        .min(0).max(65535)
                        .description("Longest silence before a PING; a dead connection is noticed after 1.5 times "
                                + "this (0: off)."))
                .integer(CONNECT_TIMEOUT_SEC, f -> f.title("Connect timeout (s)").defaultValue(DEFAULT_CONNECT_TIMEOUT_SEC)
                        .min(1).max(300)
                        .description("Longest wait for the TCP/TLS connection and for CONNACK."))
                .integer(RECONNECT_INITIAL_MS, f -> f.title("First reconnect delay (ms)")
                        .defaultValue(DEFAULT_RECONNECT_INITIAL_MS).min(10).max(600_000)
                        .description("Wait before the first reconnect attempt; it doubles after every failed "
                                + "attempt (with up to 25% jitter)."))
                .integer(RECONNECT_MAX_SEC, f -> f.title("Longest reconnect delay (s)")
                        .defaultValue(DEFAULT_RECONNECT_MAX_SEC).min(1).max(3600)
                        .description("Upper bound of the reconnect delay."))
                .build();
    }
}
