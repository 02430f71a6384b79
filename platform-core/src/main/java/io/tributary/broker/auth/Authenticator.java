package io.tributary.broker.auth;

/** Decides whether a CONNECT may proceed, from its client id and credentials. */
public interface Authenticator {
    /**
     * @param clientId client identifier (possibly assigned by the broker)
     * @param username user name, or {@code null}
     * @param password password bytes, or {@code null}
     */
    AuthResult authenticate(String clientId, String username, byte[] password);
}
