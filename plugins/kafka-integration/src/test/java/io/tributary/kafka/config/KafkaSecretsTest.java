package io.tributary.kafka.config;

import io.tributary.integration.commons.redaction.Redactor;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSecretsTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"CLUSTER_API_KEY\" password=\"CLUSTER_API_SECRET\";";

    private final Redactor redactor = KafkaSecrets.redactor(Map.of(
            "sasl.jaas.config", JAAS,
            "ssl.keystore.password", "store-pass-1",
            "client.secret.value", "s3cr3t",
            "linger.ms", "5"));

    @Test
    void masksSecretValuesAndJaasPasswords() {
        assertThat(redactor.redact("config " + JAAS)).doesNotContain("CLUSTER_API_SECRET").doesNotContain("PlainLoginModule");
        assertThat(redactor.redact("bad password CLUSTER_API_SECRET")).isEqualTo("bad password ****");
        assertThat(redactor.redact("keystore store-pass-1 and s3cr3t")).isEqualTo("keystore **** and ****");
        assertThat(redactor.redact("linger 5")).isEqualTo("linger 5");
    }

    @Test
    void masksPasswordAssignmentsItDoesNotKnow() {
        assertThat(KafkaSecrets.redactor(Map.of()).redact("ssl.key.password=hunter2 password=\"x y\""))
                .isEqualTo("ssl.key.password=**** password=****");
    }

    @Test
    void describesCauseChainsWithoutSecrets() {
        Exception e = new KafkaException("Failed to construct kafka producer",
                new IllegalArgumentException("cannot use " + JAAS));
        assertThat(redactor.describe(e))
                .startsWith("KafkaException: Failed to construct kafka producer; caused by IllegalArgumentException")
                .doesNotContain("CLUSTER_API_SECRET");
    }

    @Test
    void everyPropertyHoldingKeyMaterialOrCredentialsIsSecret() {
        for (String key : new String[]{"sasl.jaas.config", "ssl.keystore.key", "ssl.key.password",
                "ssl.keystore.password", "ssl.truststore.password", "sasl.oauthbearer.client.credentials.client.secret",
                "sasl.oauthbearer.assertion.private.key.passphrase", "basic.auth.user.info"}) {
            assertThat(KafkaSecrets.PROPERTY_KEYS.matches(key)).as(key).isTrue();
            assertThat(KafkaConfigSchema.otherPropertiesField().isSecretKey(key)).as(key).isTrue();
        }
        for (String key : new String[]{"ssl.keystore.certificate.chain", "ssl.truststore.certificates",
                "ssl.truststore.location", "sasl.mechanism", "security.protocol", "linger.ms"}) {
            assertThat(KafkaSecrets.PROPERTY_KEYS.matches(key)).as(key).isFalse();
        }
    }

    @Test
    void masksAPemPrivateKeyWherever()  {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        Redactor r = KafkaSecrets.redactor(Map.of("ssl.keystore.key", pem));
        assertThat(r.redact("Invalid PEM key: " + pem)).isEqualTo("Invalid PEM key: ****");
    }
}
