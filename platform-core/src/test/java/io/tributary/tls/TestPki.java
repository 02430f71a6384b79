package io.tributary.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.security.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Certificates made in the test with Bouncy Castle (nothing is committed): CAs, a server certificate
 * for localhost/127.0.0.1, client certificates (also expired ones), written as PEM or PKCS#12, and
 * the client-side {@link SSLContext}s and factories the MQTT client libraries take.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestPki() {
    }

    /** A certificate with its key pair and the chain up to (not including) its CA. */
    public record Issued(X509Certificate cert, KeyPair keys) {
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    /** A certificate authority that issues server and client certificates. */
    public static final class Ca {
        private final Issued self;

        private Ca(Issued self) {
            this.self = self;
        }

        public X509Certificate cert() {
            return self.cert();
        }

        /** A server certificate for {@code localhost} and {@code 127.0.0.1}, valid now. */
        public Issued server(String cn) {
            return issue(cn, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
                    KeyPurposeId.id_kp_serverAuth, new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        }

        /** A client certificate with subject {@code CN=cn}, a DNS and an e-mail alternative name, valid now. */
        public Issued client(String cn, String dns, String email) {
            List<GeneralName> sans = new ArrayList<>();
            if (dns != null) {
                sans.add(new GeneralName(GeneralName.dNSName, dns));
            }
            if (email != null) {
                sans.add(new GeneralName(GeneralName.rfc822Name, email));
            }
            return issue(cn, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
                    KeyPurposeId.id_kp_clientAuth, sans.toArray(new GeneralName[0]));
        }

        public Issued client(String cn) {
            return client(cn, null, null);
        }

        /** A client certificate that expired yesterday. */
        public Issued expiredClient(String cn) {
            return issue(cn, Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)),
                    KeyPurposeId.id_kp_clientAuth);
        }

        private Issued issue(String cn, Instant from, Instant until, KeyPurposeId purpose, GeneralName... sans) {
            try {
                KeyPair keys = ecKeys();
                JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(self.cert(),
                        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(until),
                        new X500Name("CN=" + cn + ",O=Tributary tests"), keys.getPublic());
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(self.cert()));
                if (sans.length > 0) {
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
                }
                return new Issued(sign(b, self.key()), keys);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A new self-signed CA. */
    public static Ca ca(String name) {
        try {
            KeyPair keys = ecKeys();
            X500Name subject = new X500Name("CN=" + name + ",O=Tributary tests");
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(Instant.now().minus(Duration.ofDays(2))),
                    Date.from(Instant.now().plus(Duration.ofDays(365))), subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new Ca(new Issued(sign(b, keys.getPrivate()), keys));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** Writes certificates as one PEM file (a chain leaf first, or a CA bundle). */
    public static Path writeCerts(Path file, X509Certificate... certs) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (X509Certificate c : certs) {
                w.writeObject(c);
            }
        }
        return write(file, out.toString());
    }

    /** Writes {@code key} as an unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static Path writeKey(Path file, PrivateKey key) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS8Generator(key, null));
        }
        return write(file, out.toString());
    }

    /** Writes {@code key} as an encrypted PKCS#8 PEM ({@code BEGIN ENCRYPTED PRIVATE KEY}, AES-256-CBC, PBKDF2). */
    public static Path writeEncryptedKey(Path file, PrivateKey key, String password) throws Exception {
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()) // an instance only: nothing registered JVM-wide
                .setRandom(new SecureRandom()).setPassword(password.toCharArray()).build();
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaPKCS8Generator(key, encryptor));
        }
        return write(file, out.toString());
    }

    /** Writes a PKCS#12 keystore holding {@code issued} with the chain up to {@code ca}. */
    public static Path writePkcs12(Path file, Issued issued, Ca ca, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", issued.key(), password.toCharArray(),
                new Certificate[]{issued.cert(), ca.cert()});
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }

    /** Trusts exactly {@code ca}. */
    public static TrustManagerFactory trust(X509Certificate ca) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Presents {@code client} (with its CA in the chain) whatever CAs the server says it accepts, as
     * clients configured with one certificate (mosquitto's {@code --cert}) do: so a certificate from
     * the wrong CA reaches the server and the server must refuse it.
     */
    public static KeyManagerFactory keys(Issued client, Ca ca) {
        X509KeyManager always = new AlwaysPresent(client.key(),
                new X509Certificate[]{client.cert(), ca.cert()});
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[]{always};
            }
        }, null, "always-present") {
        };
    }

    /** A key manager with one client key that it offers for any CA list. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        AlwaysPresent(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[]{ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    /** A client context that trusts {@code trusted} and presents {@code client} when not {@code null}. */
    public static SSLContext clientContext(X509Certificate trusted, Issued client, Ca clientCa) {
        return clientContext(trusted, client, clientCa, new AtomicReference<>());
    }

    /**
     * As {@link #clientContext(X509Certificate, Issued, Ca)}, and records the server certificate each
     * handshake presented in {@code seen}.
     */
    public static SSLContext clientContext(X509Certificate trusted, Issued client, Ca clientCa,
                                           AtomicReference<X509Certificate> seen) {
        try {
            X509TrustManager delegate = (X509TrustManager) trust(trusted).getTrustManagers()[0];
            X509TrustManager recording = new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    delegate.checkClientTrusted(chain, authType);
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                    seen.set(chain[0]);
                    delegate.checkServerTrusted(chain, authType);
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return delegate.getAcceptedIssuers();
                }
            };
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(client == null ? null : keys(client, clientCa).getKeyManagers(), new TrustManager[]{recording},
                    null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
