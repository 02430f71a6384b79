package io.tributary.broker.tls;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.security.cert.X509Certificate;

/**
 * Who the TLS handshake says the client is: its verified certificate and the user name taken from
 * it ({@code mqtt.tls.cert-username}). Plain listeners and clients without a certificate have
 * {@link #NONE}.
 *
 * @param certificate the verified client certificate, or {@code null}
 * @param username    the user name from the certificate, or {@code null}
 */
public record PeerIdentity(X509Certificate certificate, String username) {
    public static final PeerIdentity NONE = new PeerIdentity(null, null);
    static final AttributeKey<PeerIdentity> ATTRIBUTE = AttributeKey.valueOf("tributary.peerIdentity");

    /** The identity the handshake established on {@code channel}. */
    public static PeerIdentity of(Channel channel) {
        PeerIdentity identity = channel.attr(ATTRIBUTE).get();
        return identity == null ? NONE : identity;
    }

    /** The user name the connection has: the certificate's when it gives one, else the CONNECT's. */
    public String username(String fromConnect) {
        return username != null ? username : fromConnect;
    }
}
