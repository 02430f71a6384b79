package io.tributary.broker.auth;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether a CONNECT may proceed, from its client id, credentials and client certificate.
 *
 * <p>Threading: called on the connection's event loop, so it must not block. A check that is
 * slow on purpose (a password hash) completes the stage later, on another thread; the broker
 * stops reading the connection until then. A stage that is already complete costs nothing.
 */
public interface Authenticator {
    CompletionStage<Authentication> authenticate(ConnectCredentials credentials);
}
