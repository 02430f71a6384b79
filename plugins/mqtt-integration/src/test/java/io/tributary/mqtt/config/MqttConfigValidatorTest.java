package io.tributary.mqtt.config;

import io.tributary.tls.TestPki;
import io.tributary.tls.TestPki.Ca;
import io.tributary.tls.TestPki.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.tributary.mqtt.TestConfigs.config;
import static io.tributary.mqtt.config.MqttConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

class MqttConfigValidatorTest {
    private static final String OK_HOST = "broker.example.com";

    @TempDir
    static Path dir;
    private static String caPem;
    private static String clientCertPem;
    private static String clientKeyPem;
    private static String rsaKeyPem;
    private static String encryptedKeyPem;

    @BeforeAll
    static void pem() throws Exception {
        Ca ca = TestPki.ca("Validator CA");
        Issued client = ca.client("bridge");
        caPem = Files.readString(TestPki.writeCerts(dir.resolve("ca.pem"), ca.cert()));
        clientCertPem = Files.readString(TestPki.writeCerts(dir.resolve("client.pem"), client.cert()));
        clientKeyPem = Files.readString(TestPki.writeKey(dir.resolve("client-key.pem"), client.key()));
        encryptedKeyPem = Files.readString(TestPki.writeEncryptedKey(dir.resolve("enc.pem"), client.key(), "pw"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rsaKeyPem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** "field: message" for every error, with {@link #OK_HOST} unless the test sets the host. */
    private static List<String> errors(Map<String, String> metadata, Object... keyValues) {
        Object[] all = new Object[keyValues.length + 2];
        all[0] = HOST;
        all[1] = OK_HOST;
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        List<String> out = new ArrayList<>();
        MqttConfigValidator.validate(config(all), metadata, (field, message) -> out.add(field + ": " + message));
        return out;
    }

    private static List<String> errors(Object... keyValues) {
        return errors(Map.of(), keyValues);
    }

    @Test
    void aHostAndTheDefaultsAreValid() {
        assertThat(errors()).isEmpty();
        assertThat(errors(HOST, "10.0.0.7")).isEmpty();
        assertThat(errors(HOST, "::1")).isEmpty();
        assertThat(errors(HOST, " mqtt-1.example.com ")).as("trimmed").isEmpty();
    }

    @Test
    void theHostIsAHostNameOnly() {
        assertThat(errors(HOST, "")).containsExactly("host: the remote broker's host is required");
        assertThat(errors(HOST, "mqtts://broker.example.com")).singleElement().asString()
                .startsWith("host: a host name or IP address only, without a scheme");
        assertThat(errors(HOST, "broker.example.com:1883")).singleElement().asString()
                .startsWith("host: must be a host name or an IP address");
        assertThat(errors(HOST, "broker/path")).singleElement().asString().startsWith("host: must be a host name");
    }

    @Test
    void numbersOutOfTheirRangeAreReportedOnTheirField() {
        assertThat(errors(PORT, 0)).containsExactly("port: must be between 1 and 65535");
        assertThat(errors(PORT, 70000)).containsExactly("port: must be between 1 and 65535");
        assertThat(errors(PORT, 8883)).isEmpty();
        assertThat(errors(KEEP_ALIVE_SEC, -1)).containsExactly("keepAliveSec: must be between 0 and 65535");
        assertThat(errors(CONNECT_TIMEOUT_SEC, 0)).containsExactly("connectTimeoutSec: must be between 1 and 300");
    }

    @Test
    void unknownOptionsAreReportedOnTheirField() {
        assertThat(errors(QOS, "3")).containsExactly("qos: unknown QoS '3'");
        assertThat(errors(RETAIN, "sometimes")).containsExactly("retain: unknown retain option 'sometimes'");
        assertThat(errors(MQTT_VERSION, "4")).containsExactly("mqttVersion: unknown MQTT version '4'");
        assertThat(errors(QOS, "2", RETAIN, "never", MQTT_VERSION, "3.1.1")).isEmpty();
    }

    @Test
    void clientIdAndUsernameRules() {
        assertThat(errors(CLIENT_ID, "x".repeat(257))).singleElement().asString().startsWith("clientId: must be at most 256 bytes");
        assertThat(errors(CLIENT_ID, "a\tb")).containsExactly("clientId: must not contain control characters");
        assertThat(errors(USERNAME, "u\n")).containsExactly("username: must not contain control characters");
        assertThat(errors(MQTT_VERSION, "3.1.1", PASSWORD, "secret")).singleElement().asString()
                .startsWith("username: MQTT 3.1.1 sends a password only with a username");
        assertThat(errors(MQTT_VERSION, "5", PASSWORD, "secret")).as("MQTT 5 allows a password alone").isEmpty();
        assertThat(errors(RECONNECT_INITIAL_MS, 90_000, RECONNECT_MAX_SEC, 60))
                .containsExactly("reconnectMaxDelaySec: must be at least the first reconnect delay (90000 ms)");
    }

    @Test
    void theTopicTemplateMustExpandToATopicName() {
        assertThat(errors(Map.of("site", "a"), TOPIC_PREFIX, "site/${metadata.site}/",
                TOPIC_NAME, "${topicLevel[2]}/${payload.id:x}")).isEmpty();
        assertThat(errors(TOPIC_NAME, "out/${nope}")).singleElement().asString().startsWith("topicName: ");
        assertThat(errors(TOPIC_NAME, "out/${metadata.missing}")).singleElement().asString()
                .startsWith("topicName: ").contains("missing");
        assertThat(errors(TOPIC_NAME, "a/+/b")).singleElement().asString()
                .startsWith("topicName: expands to 'a/+/b' for a message on ").contains("wildcard");
        assertThat(errors(TOPIC_PREFIX, "$share/g/")).singleElement().asString()
                .startsWith("topicPrefix: the topic expands to '$share/g/").contains("starts with $");
        assertThat(errors(TOPIC_PREFIX, "${topic}/#/")).singleElement().asString().startsWith("topicPrefix: ")
                .contains("wildcard");
    }

    @Test
    void tlsFieldsAreCheckedOnlyWithTls() {
        assertThat(errors(TLS, false, TLS_TRUST, "pem", CA_CERTIFICATE, "junk", CLIENT_CERTIFICATE, "junk"))
                .isEmpty();
        assertThat(errors(TLS, true, TLS_TRUST, "pem")).singleElement().asString()
                .startsWith("caCertificate: paste the CA certificate (PEM)");
        assertThat(errors(TLS, true, TLS_TRUST, "pem", CA_CERTIFICATE, "junk")).singleElement().asString()
                .startsWith("caCertificate: no PEM certificate");
        assertThat(errors(TLS, true, TLS_TRUST, "pem", CA_CERTIFICATE, caPem)).isEmpty();
        assertThat(errors(TLS, true, TLS_TRUST, "pem", CA_CERTIFICATE, caPem.replace("\n", "\\n")))
                .as("pasted into one line").isEmpty();
        assertThat(errors(TLS, true, TLS_TRUST, "everything")).singleElement().asString()
                .startsWith("tlsTrust: unknown TLS trust option");
    }

    @Test
    void aClientCertificateNeedsItsOwnUnencryptedKey() {
        assertThat(errors(TLS, true, CLIENT_CERTIFICATE, clientCertPem, CLIENT_KEY, clientKeyPem)).isEmpty();
        assertThat(errors(TLS, true, CLIENT_CERTIFICATE, clientCertPem))
                .containsExactly("clientKey: the client certificate needs its private key");
        assertThat(errors(TLS, true, CLIENT_KEY, clientKeyPem))
                .containsExactly("clientCertificate: the private key needs its client certificate");
        assertThat(errors(TLS, true, CLIENT_CERTIFICATE, clientCertPem, CLIENT_KEY, encryptedKeyPem))
                .singleElement().asString().startsWith("clientKey: only unencrypted PKCS#8 keys")
                .contains("openssl pkcs8 -topk8 -nocrypt");
        assertThat(errors(TLS, true, CLIENT_CERTIFICATE, clientCertPem, CLIENT_KEY, rsaKeyPem))
                .containsExactly("clientKey: is a RSA key, the certificate holds a EC key: they do not belong together");
        List<String> junk = errors(TLS, true, CLIENT_CERTIFICATE, clientCertPem, CLIENT_KEY,
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----");
        assertThat(junk).singleElement().asString().startsWith("clientKey: the private key does not parse");
        // a key is a secret: no error quotes it
        assertThat(junk.toString()).doesNotContain("bm90IGEga2V5IGF0IGFsbA");
    }
}
