package io.tributary.kafka.config;

import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.integration.commons.redaction.SecretKeyPatterns;

import java.util.Map;

/**
 * Which producer properties hold key material or credentials, and the {@link Redactor} that keeps
 * their values out of events, check answers and logs. The same patterns mark the
 * {@code otherProperties} keys as secret in the schema, so the admin masks them and stores them
 * encrypted.
 */
public final class KafkaSecrets {
    /**
     * Property names whose values are secrets: the JAAS line, the PEM private key, every password
     * (key, keystore, truststore), the OAuth client secret and assertion passphrase, tokens and a
     * schema registry's {@code basic.auth.user.info}. Certificates and file paths are not secrets.
     */
    public static final SecretKeyPatterns PROPERTY_KEYS = SecretKeyPatterns.of("sasl.jaas.config",
            "ssl.keystore.key", "basic.auth.user.info", "*user.info*", "*password*", "*secret*", "*token*",
            "*passphrase*");

    private KafkaSecrets() {
    }

    /** The redactor for one integration's {@code otherProperties}. */
    public static Redactor redactor(Map<String, String> otherProperties) {
        return Redactor.builder(PROPERTY_KEYS).secretEntries(otherProperties).build();
    }
}
