package io.tributary.mqtt.config;

import io.tributary.plugin.api.config.Config;

import java.time.Duration;

import static io.tributary.mqtt.config.MqttConfigSchema.*;

/**
 * The bridge's configuration as typed values, read once from a validated {@link Config} (missing
 * values fall back to the schema defaults).
 *
 * @param clientId      as configured; empty for the default derived from the integration id
 * @param password      secret
 * @param clientKey     secret, PEM
 */
public record MqttSettings(String host, int port, MqttVersion version, String clientId, boolean cleanSession,
                           long sessionExpirySec, int keepAliveSec, Duration connectTimeout,
                           Duration reconnectInitialDelay, Duration reconnectMaxDelay,
                           String username, String password,
                           boolean tls, TlsTrust tlsTrust, String caCertificate, String clientCertificate,
                           String clientKey,
                           String topicPrefix, String topicName, QosChoice qos, RetainChoice retain,
                           boolean forwardProperties, boolean sendOnlyMsgPayload) {

    /** Prefix of the client ID derived from the integration id. */
    public static final String CLIENT_ID_PREFIX = "tributary-";

    /**
     * Reads a configuration that passed the schema.
     *
     * @throws IllegalArgumentException for an unknown option of an enumeration
     */
    public static MqttSettings from(Config config) {
        return new MqttSettings(
                config.getString(HOST, "").trim(),
                (int) config.getLong(PORT, DEFAULT_PORT),
                MqttVersion.from(config.getString(MQTT_VERSION)),
                config.getString(CLIENT_ID, "").trim(),
                config.getBoolean(CLEAN_SESSION, true),
                config.getLong(SESSION_EXPIRY_SEC, DEFAULT_SESSION_EXPIRY_SEC),
                (int) config.getLong(KEEP_ALIVE_SEC, DEFAULT_KEEP_ALIVE_SEC),
                Duration.ofSeconds(Math.max(1, config.getLong(CONNECT_TIMEOUT_SEC, DEFAULT_CONNECT_TIMEOUT_SEC))),
                Duration.ofMillis(Math.max(10, config.getLong(RECONNECT_INITIAL_MS, DEFAULT_RECONNECT_INITIAL_MS))),
                Duration.ofSeconds(Math.max(1, config.getLong(RECONNECT_MAX_SEC, DEFAULT_RECONNECT_MAX_SEC))),
                config.getString(USERNAME, ""),
                config.getString(PASSWORD, ""),
                config.getBoolean(TLS, false),
                TlsTrust.from(config.getString(TLS_TRUST)),
                config.getString(CA_CERTIFICATE, ""),
                config.getString(CLIENT_CERTIFICATE, ""),
                config.getString(CLIENT_KEY, ""),
                config.getString(TOPIC_PREFIX, ""),
                config.getString(TOPIC_NAME, DEFAULT_TOPIC_NAME),
                QosChoice.from(config.getString(QOS)),
                RetainChoice.from(config.getString(RETAIN)),
                config.getBoolean(FORWARD_PROPERTIES, true),
                config.getBoolean(SEND_ONLY_MSG_PAYLOAD, true));
    }

    /** The client ID used on the remote broker: the configured one, else derived from {@code integrationId}. */
    public String clientIdFor(String integrationId) {
        if (!clientId.isEmpty()) {
            return clientId;
        }
        String hex = integrationId == null ? "" : integrationId.replace("-", "").toLowerCase();
        return CLIENT_ID_PREFIX + (hex.length() > 13 ? hex.substring(0, 13) : hex);
    }

    /** The full topic template: prefix and topic name. */
    public String topicTemplate() {
        return topicPrefix + topicName;
    }

    /** {@code host:port}, as shown in texts. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public boolean hasClientCertificate() {
        return tls && !clientCertificate.isBlank();
    }

    @Override
    public String toString() {
        // the password and the key are secrets: never shown
        return "MqttSettings[" + (tls ? "tls://" : "tcp://") + address() + ", MQTT " + version.value()
                + ", clientId=" + (clientId.isEmpty() ? "(derived)" : clientId) + ", user=" + username
                + ", topic=" + topicTemplate() + ", qos=" + qos.value() + ", retain=" + retain.value() + "]";
    }
}
