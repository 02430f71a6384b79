package io.tributary.broker.auth;

/** Decides whether a CONNECT may proceed, from its client id, credentials and client certificate. */
public interface Authenticator {
    AuthResult authenticate(ConnectCredentials credentials);
}
