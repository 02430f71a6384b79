package io.tributary.broker.auth;

import java.net.SocketAddress;
import java.security.cert.X509Certificate;

/**
 * What a CONNECT presents to the {@link Authenticator}.
 *
 * @param clientId          client identifier (possibly assigned by the broker)
 * @param username          user name, or {@code null}
 * @param password          password bytes, or {@code null}
 * @param clientCertificate the client's certificate when the TLS handshake verified one, else {@code null}
 * @param remoteAddress     where the connection comes from (for logs and per-address limits)
 */
public record ConnectCredentials(String clientId, String username, byte[] password,
                                 X509Certificate clientCertificate, SocketAddress remoteAddress) {

    /** Credentials of a connection without a verified client certificate. */
    public static ConnectCredentials of(String clientId, String username, byte[] password) {
        return new ConnectCredentials(clientId, username, password, null, null);
    }
}
