package io.tributary.broker.auth;

/**
 * An MQTT user as stored. The password hash never leaves the broker: views and APIs use
 * {@link #withoutHash()}.
 *
 * @param username        unique name; no {@code /}, {@code +}, {@code #} or control characters
 * @param passwordHash    {@link PasswordHasher} format, or {@code null} for a certificate-only user
 * @param enabled         a disabled user cannot connect
 * @param clientIdPattern client ids this user may connect with ({@link ClientIdPattern}, e.g. {@code %u-*})
 * @param createdTime     epoch millis
 * @param lastConnectTime epoch millis of the last accepted CONNECT, 0 when never
 */
public record MqttUser(String username, String passwordHash, boolean enabled, String clientIdPattern,
                       long createdTime, long lastConnectTime) {
    /** Pattern of a user created without one: any client id. */
    public static final String ANY_CLIENT_ID = "*";
    /** Stands for the hash in views: says that there is a password, matches none. */
    public static final String HIDDEN = "(hidden)";

    /** This user for display: a password hash is replaced by {@link #HIDDEN}. */
    public MqttUser withoutHash() {
        return new MqttUser(username, passwordHash == null ? null : HIDDEN, enabled, clientIdPattern, createdTime,
                lastConnectTime);
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public MqttUser withPasswordHash(String hash) {
        return new MqttUser(username, hash, enabled, clientIdPattern, createdTime, lastConnectTime);
    }

    public MqttUser withEnabled(boolean on) {
        return new MqttUser(username, passwordHash, on, clientIdPattern, createdTime, lastConnectTime);
    }

    public MqttUser withClientIdPattern(String pattern) {
        return new MqttUser(username, passwordHash, enabled, pattern, createdTime, lastConnectTime);
    }

    public MqttUser withLastConnect(long time) {
        return new MqttUser(username, passwordHash, enabled, clientIdPattern, createdTime, time);
    }
}
