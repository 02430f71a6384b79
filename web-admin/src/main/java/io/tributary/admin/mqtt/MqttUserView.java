package io.tributary.admin.mqtt;

import io.tributary.broker.auth.MqttUser;

/**
 * An MQTT user as the API shows it: never its password hash, only whether it has a password.
 *
 * @param lastConnectTime epoch millis of its last accepted CONNECT, {@code null} when never
 */
public record MqttUserView(String username, boolean enabled, String clientIdPattern, boolean hasPassword,
                           long createdTime, Long lastConnectTime) {
    public static MqttUserView of(MqttUser u) {
        return new MqttUserView(u.username(), u.enabled(), u.clientIdPattern(), u.hasPassword(), u.createdTime(),
                u.lastConnectTime() > 0 ? u.lastConnectTime() : null);
    }
}
