package io.tributary.http.delivery;

import io.tributary.http.config.HttpSettings;
import io.tributary.http.config.PemCertificates;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/** The TLS context of the settings' trust option; {@code null} means the JVM default. */
final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * @throws IllegalArgumentException when the PEM text does not parse
     * @throws GeneralSecurityException when the JVM cannot build the context
     */
    static SSLContext create(HttpSettings settings) throws GeneralSecurityException {
        return switch (settings.tlsTrust()) {
            case SYSTEM -> null;
            case PEM -> context(trusting(PemCertificates.parse(settings.caCertificate())));
            case TRUST_ALL -> context(new TrustManager[]{new TrustAll()});
        };
    }

    private static TrustManager[] trusting(List<X509Certificate> cas) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust, null);
        return ctx;
    }

    /**
     * Accepts every certificate. An <em>extended</em> trust manager, because JSSE wraps a plain
     * one with its own host name check, and "trust all" is for self-signed development servers
     * reached by any name or address.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
