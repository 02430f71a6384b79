package io.tributary.mqtt.config;

import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.integration.commons.redaction.SecretKeyPatterns;

/**
 * The {@link Redactor} that keeps the bridge's secrets — the password and the client key — out of
 * events, check answers and logs, also where a client library quotes them.
 */
public final class MqttSecrets {
    private MqttSecrets() {
    }

    public static Redactor redactor(MqttSettings settings) {
        Redactor.Builder b = Redactor.builder(SecretKeyPatterns.of(SecretKeyPatterns.COMMON)).secret(settings.password());
        String key = PemMaterial.normalize(settings.clientKey());
        if (!key.isEmpty()) {
            b.secret(key);
            // the base64 lines of the key, should a text quote one of them
            for (String line : key.split("\n")) {
                if (!line.startsWith("-----") && line.trim().length() >= 16) {
                    b.secret(line.trim());
                }
            }
        }
        return b.build();
    }
}
