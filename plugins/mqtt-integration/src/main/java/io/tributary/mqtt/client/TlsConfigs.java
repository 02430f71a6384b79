package io.tributary.mqtt.client;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.tributary.mqtt.config.MqttSettings;
import io.tributary.mqtt.config.PemMaterial;
import io.tributary.mqtt.config.TlsTrust;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** The TLS configuration of the client from the settings: trust, client certificate, TLS 1.3/1.2. */
final class TlsConfigs {
    private TlsConfigs() {
    }

    static MqttClientSslConfig of(MqttSettings settings) throws GeneralSecurityException {
        MqttClientSslConfigBuilder b = MqttClientSslConfig.builder().protocols(List.of("TLSv1.3", "TLSv1.2"));
        if (settings.tlsTrust() == TlsTrust.PEM) {
            KeyStore trust = emptyStore();
            int i = 0;
            for (X509Certificate ca : PemMaterial.certificates(settings.caCertificate())) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            b.trustManagerFactory(tmf);
        } else if (settings.tlsTrust() == TlsTrust.TRUST_ALL) {
            b.trustManagerFactory(new TrustAllFactory()).hostnameVerifier((host, session) -> true);
        }
        if (settings.hasClientCertificate()) {
            List<X509Certificate> chain = PemMaterial.certificates(settings.clientCertificate());
            PrivateKey key = PemMaterial.privateKey(settings.clientKey());
            KeyStore keys = emptyStore();
            char[] password = new char[0];
            keys.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            b.keyManagerFactory(kmf);
        }
        return b.build();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return ks;
    }

    /** Accepts every server certificate: the "trust all" option, for development only. */
    private static final class TrustAllFactory extends TrustManagerFactory {
        TrustAllFactory() {
            super(new TrustAllSpi(), null, "trust-all");
        }
    }

    private static final class TrustAllSpi extends TrustManagerFactorySpi {
        private static final X509TrustManager ALL = new X509TrustManager() {
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
        };

        @Override
        protected void engineInit(KeyStore ks) {
        }

        @Override
        protected void engineInit(ManagerFactoryParameters spec) {
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return new TrustManager[]{ALL};
        }
    }
}
