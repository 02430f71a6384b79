package io.tributary.broker.auth;

/**
 * What an {@link Authenticator} decided about a CONNECT.
 *
 * @param result   allowed or why not
 * @param username the authenticated user the connection acts as (ACLs, {@code %u}), or {@code null}
 *                 when it is anonymous; a user name sent while no users exist is not an identity
 * @param reason   why it was refused, for the log and the MQTT 5 reason string; {@code null} when allowed
 */
public record Authentication(AuthResult result, String username, String reason) {
    private static final Authentication ANONYMOUS = new Authentication(AuthResult.ALLOWED, null, null);

    public static Authentication user(String username) {
        return new Authentication(AuthResult.ALLOWED, username, null);
    }

    public static Authentication anonymous() {
        return ANONYMOUS;
    }

    public static Authentication badCredentials() {
        return new Authentication(AuthResult.BAD_CREDENTIALS, null, "Bad user name or password");
    }

    public static Authentication notAuthorized(String reason) {
        return new Authentication(AuthResult.NOT_AUTHORIZED, null, reason);
    }

    public static Authentication busy() {
        return new Authentication(AuthResult.BUSY, null, "Server busy checking credentials, retry later");
    }

    public boolean allowed() {
        return result == AuthResult.ALLOWED;
    }
}
