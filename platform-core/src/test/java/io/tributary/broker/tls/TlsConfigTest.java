package io.tributary.broker.tls;

import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.TestBroker;
import io.tributary.config.ConfigException;
import io.tributary.tls.TestPki;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Key material in each supported format, and every configuration mistake stopping the start with a
 * message that names the key.
 */
class TlsConfigTest {
    @TempDir
    static Path dir;
    static TlsFixture pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TlsFixture(dir);
    }

    private static Map<String, String> config(String... pairs) {
        Map<String, String> c = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            c.put(pairs[i], pairs[i + 1]);
        }
        return c;
    }

    private static Map<String, String> pem(String... more) {
        Map<String, String> c = pki.serverConfig();
        c.putAll(config(more));
        return c;
    }

    /** Starts with {@code config}, connects a Paho v5 client over TLS and exchanges a message. */
    private static void works(Map<String, String> config) throws Exception {
        try (TestBroker broker = TestBroker.start(config);
             TestClient c = TlsFixture.pahoV5(broker.sslUri(), "works", pki.context())) {
            c.subscribe("t", 1);
            c.publish("t", "ok", 1, false);
            assertThat(c.take(1).get(0).text()).isEqualTo("ok");
        }
    }

    private static void refused(Map<String, String> config, String... messageParts) {
        assertThatThrownBy(() -> TestBroker.start(config).close())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
    }

    @Test
    void withoutKeyMaterialTheTlsListenersStayOff() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            assertThat(broker.tlsPort()).isEqualTo(-1);
            assertThat(broker.wssPort()).isEqualTo(-1);
            assertThat(broker.broker().tls()).isNull();
            assertThat(broker.tcpPort()).isPositive();
        }
    }

    @Test
    void pkcs12KeystoreEncryptedPkcs8AndPemFilesAllServe() throws Exception {
        Path p12 = TestPki.writePkcs12(dir.resolve("server.p12"), pki.server, pki.ca, "p12-secret");
        works(config("mqtt.tls.keystore", p12.toString(), "mqtt.tls.keystore-password", "p12-secret"));
        Path encrypted = TestPki.writeEncryptedKey(dir.resolve("server-key-enc.pem"), pki.server.key(), "k-secret");
        works(pem("mqtt.tls.key", encrypted.toString(), "mqtt.tls.key-password", "k-secret"));
    }

    @Test
    void missingOrIncompleteKeyMaterialIsRefusedNamingTheKey() throws Exception {
        refused(config("mqtt.tls.cert", pki.certFile.toString()), "mqtt.tls.key must be set together with mqtt.tls.cert");
        refused(config("mqtt.tls.key", pki.keyFile.toString()), "mqtt.tls.cert must be set together with mqtt.tls.key");
        refused(pem("mqtt.tls.cert", dir.resolve("nope.pem").toString()), "mqtt.tls.cert", "nope.pem", "does not exist");
        refused(pem("mqtt.tls.key", dir.resolve("nokey.pem").toString()), "mqtt.tls.key", "does not exist");
        refused(pem("mqtt.tls.keystore", "x.p12"), "mqtt.tls.keystore and mqtt.tls.cert/mqtt.tls.key are alternatives");
        refused(pem("mqtt.tls.client-ca", dir.resolve("no-ca.pem").toString(), "mqtt.tls.client-auth", "required"),
                "mqtt.tls.client-ca", "does not exist");
        Path text = Files.writeString(dir.resolve("not-pem.txt"), "hello");
        refused(pem("mqtt.tls.cert", text.toString()), "mqtt.tls.cert", "is not a PEM file");
    }

    @Test
    void aKeyThatDoesNotFitIsRefusedWithTheReason() throws Exception {
        Path otherKey = TestPki.writeKey(dir.resolve("other-key.pem"), pki.device.key());
        refused(pem("mqtt.tls.key", otherKey.toString()), "mqtt.tls.key and mqtt.tls.cert",
                "does not belong to the certificate");
        StringWriter sec1 = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sec1)) {
            w.writeObject(pki.server.keys()); // OpenSSL's traditional "EC PRIVATE KEY"
        }
        Path traditional = Files.writeString(dir.resolve("traditional-key.pem"), sec1.toString());
        refused(pem("mqtt.tls.key", traditional.toString()), "mqtt.tls.key", "EC PRIVATE KEY", "openssl pkcs8 -topk8");
        Path encrypted = TestPki.writeEncryptedKey(dir.resolve("enc.pem"), pki.server.key(), "right");
        refused(pem("mqtt.tls.key", encrypted.toString()), "is encrypted; set mqtt.tls.key-password");
        refused(pem("mqtt.tls.key", encrypted.toString(), "mqtt.tls.key-password", "wrong"),
                "mqtt.tls.key-password does not decrypt");
        Path p12 = TestPki.writePkcs12(dir.resolve("pw.p12"), pki.server, pki.ca, "right");
        refused(config("mqtt.tls.keystore", p12.toString(), "mqtt.tls.keystore-password", "wrong"),
                "mqtt.tls.keystore-password");
    }

    @Test
    void tlsOlderThan12AndUnknownCiphersAreRefused() {
        refused(pem("mqtt.tls.protocols", "TLSv1.2,TLSv1.1"), "mqtt.tls.protocols", "TLSv1.3 and TLSv1.2 only",
                "TLSv1.1");
        refused(pem("mqtt.tls.protocols", "SSLv3"), "mqtt.tls.protocols", "SSLv3");
        refused(pem("mqtt.tls.protocols", " "), "mqtt.tls.protocols");
        refused(pem("mqtt.tls.ciphers", "TLS_NOT_A_CIPHER"), "mqtt.tls.ciphers", "TLS_NOT_A_CIPHER");
        refused(pem("mqtt.tls.client-auth", "sometimes"), "mqtt.tls.client-auth", "none, optional, required");
    }

    @Test
    void clientCertificateSettingsThatCannotWorkAreRefused() {
        refused(pem("mqtt.tls.client-auth", "required"), "mqtt.tls.client-ca must be set when mqtt.tls.client-auth is required");
        refused(pem("mqtt.tls.cert-username", "cn"), "mqtt.tls.cert-username=cn needs client certificates");
    }

    @Test
    void configuredCipherSuitesAreTheOnesNegotiated() throws Exception {
        String suite = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        try (TestBroker broker = TestBroker.start(pem("mqtt.tls.protocols", "TLSv1.2", "mqtt.tls.ciphers", suite));
             SSLSocket s = (SSLSocket) pki.context().getSocketFactory().createSocket("127.0.0.1", broker.tlsPort())) {
            s.startHandshake();
            assertThat(s.getSession().getCipherSuite()).isEqualTo(suite);
        }
    }
}
