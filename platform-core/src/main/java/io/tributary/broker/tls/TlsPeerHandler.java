package io.tributary.broker.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Right behind the {@link SslHandler}: when the handshake completes, records the client's verified
 * certificate and user name as the channel's {@link PeerIdentity}; when it fails (wrong CA, expired
 * certificate, plain MQTT on the TLS port), logs one line instead of a stack trace and closes.
 */
final class TlsPeerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsPeerHandler.class);

    private final CertificateUsername certUsername;

    TlsPeerHandler(CertificateUsername certUsername) {
        this.certUsername = certUsername;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                identify(ctx);
            } else {
                log.info("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), reason(done.cause()));
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isTlsFailure(cause)) {
            // the handshake event above already said why, once
            log.debug("TLS error on {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void identify(ChannelHandlerContext ctx) {
        X509Certificate cert = peerCertificate(ctx.pipeline().get(SslHandler.class).engine().getSession());
        String username = cert == null ? null : certUsername.from(cert);
        if (cert != null && certUsername != CertificateUsername.NONE && username == null) {
            log.info("Refused {}: its certificate '{}' has no {} to use as user name (mqtt.tls.cert-username)",
                    ctx.channel().remoteAddress(), cert.getSubjectX500Principal().getName(), certUsername.word());
            ctx.close();
            return;
        }
        ctx.channel().attr(PeerIdentity.ATTRIBUTE).set(new PeerIdentity(cert, username));
    }

    private static X509Certificate peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate (client-auth none or optional)
        }
    }

    private static boolean isTlsFailure(Throwable cause) {
        return cause instanceof SSLException || cause instanceof DecoderException
                && cause.getCause() instanceof SSLException;
    }

    private static String reason(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof NotSslRecordException) {
            return "not TLS (a plain MQTT client on the TLS port?)";
        }
        String message = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
        Throwable root = c;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // e.g. OpenSSL's "General OpenSslEngine problem" caused by the trust manager's CertificateExpiredException
        return root == c ? message : message + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }
}
