package io.tributary.mqtt.config;

import io.tributary.integration.commons.template.Template;
import io.tributary.integration.commons.template.TemplateFields;
import io.tributary.mqtt.publish.TopicNames;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ValidationOutput;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.tributary.mqtt.config.MqttConfigSchema.*;

/**
 * The rules the schema cannot express. Reports every problem, each on the field to fix; never
 * contacts the broker (that is {@code check}). Enum and range rules the platform already checked
 * from the schema are checked again so the plugin is safe when called directly (the platform shows
 * the schema's error alone when both report a field).
 */
public final class MqttConfigValidator {
    /** A host name or an IPv4/IPv6 address; no scheme, port or path. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.\\-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]+");

    private MqttConfigValidator() {
    }

    public static void validate(Config config, Map<String, String> metadata, ValidationOutput out) {
        validateHost(config.getString(HOST, "").trim(), out);
        range(config, PORT, 1, 65535, out);
        range(config, KEEP_ALIVE_SEC, 0, 65535, out);
        range(config, CONNECT_TIMEOUT_SEC, 1, 300, out);
        range(config, RECONNECT_INITIAL_MS, 10, 600_000, out);
        range(config, RECONNECT_MAX_SEC, 1, 3600, out);
        range(config, SESSION_EXPIRY_SEC, 0, 4_294_967_295L, out);
        MqttVersion version = choice(() -> MqttVersion.from(config.getString(MQTT_VERSION)), MQTT_VERSION, out);
        choice(() -> QosChoice.from(config.getString(QOS)), QOS, out);
        choice(() -> RetainChoice.from(config.getString(RETAIN)), RETAIN, out);
        validateClientId(config.getString(CLIENT_ID, ""), out);
        String username = config.getString(USERNAME, "");
        if (hasControlCharacters(username)) {
            out.error(USERNAME, "must not contain control characters");
        }
        if (version == MqttVersion.V3_1_1 && username.isEmpty() && !config.getString(PASSWORD, "").isEmpty()) {
            out.error(USERNAME, "MQTT 3.1.1 sends a password only with a username: set one, or remove the password");
        }
        validateTopic(config, metadata, out);
        long initial = config.getLong(RECONNECT_INITIAL_MS, DEFAULT_RECONNECT_INITIAL_MS);
        long max = config.getLong(RECONNECT_MAX_SEC, DEFAULT_RECONNECT_MAX_SEC);
        if (initial > max * 1000) {
            out.error(RECONNECT_MAX_SEC, "must be at least the first reconnect delay (" + initial + " ms)");
        }
        if (config.getBoolean(TLS, false)) {
            validateTls(config, out);
        }
    }

    /** The schema's range again (see the class comment); an absent value is the default, in range. */
    private static void range(Config config, String field, long min, long max, ValidationOutput out) {
        Object value = config.asMap().get(field);
        if (value instanceof Number n && (n.longValue() < min || n.longValue() > max)) {
            out.error(field, "must be between " + min + " and " + max);
        }
    }

    private static <T> T choice(java.util.function.Supplier<T> read, String field, ValidationOutput out) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            out.error(field, e.getMessage());
            return null;
        }
    }

    private static void validateHost(String host, ValidationOutput out) {
        if (host.isEmpty()) {
            out.error(HOST, "the remote broker's host is required");
        } else if (host.contains("://")) {
            out.error(HOST, "a host name or IP address only, without a scheme: set TLS and the port in their fields");
        } else if (!HOST_NAME.matcher(host).matches()) {
            out.error(HOST, "must be a host name or an IP address (letters, digits, '.', '-'; no port or path)");
        }
    }

    private static void validateClientId(String clientId, ValidationOutput out) {
        if (clientId.getBytes(StandardCharsets.UTF_8).length > 256) {
            out.error(CLIENT_ID, "must be at most 256 bytes (many brokers accept only 23 characters)");
        } else if (hasControlCharacters(clientId)) {
            out.error(CLIENT_ID, "must not contain control characters");
        }
    }

    private static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
    }

    private static void validateTopic(Config config, Map<String, String> metadata, ValidationOutput out) {
        String prefix = config.getString(TOPIC_PREFIX, "");
        String name = config.getString(TOPIC_NAME, DEFAULT_TOPIC_NAME);
        Template prefixTemplate = TemplateFields.compile(TOPIC_PREFIX, prefix, metadata, out);
        Template nameTemplate = TemplateFields.compile(TOPIC_NAME, name, metadata, out);
        if (prefixTemplate == null || nameTemplate == null) {
            return;
        }
        if (name.isBlank()) {
            out.error(TOPIC_NAME, "a topic name is required; ${topic} keeps the published topic");
            return;
        }
        Template whole = TemplateFields.compile(TOPIC_NAME, prefix + name, metadata, out);
        if (whole == null) {
            return;
        }
        String sampleTopic = TemplateFields.sampleMessage(whole.maxTopicLevel()).topic();
        String name0 = TemplateFields.expandForSample(nameTemplate, metadata);
        var nameProblem = TopicNames.problem(name0).filter(p -> prefix.isEmpty() || !p.startsWith("is empty"));
        if (nameProblem.isPresent() && !nameProblem.get().startsWith("starts with $")) {
            out.error(TOPIC_NAME, "expands to '" + name0 + "' for a message on '" + sampleTopic + "', which "
                    + nameProblem.get());
            return;
        }
        String expanded = TemplateFields.expandForSample(whole, metadata);
        TopicNames.problem(expanded).ifPresent(p -> out.error(prefix.isEmpty() ? TOPIC_NAME : TOPIC_PREFIX,
                "the topic expands to '" + expanded + "' for a message on '" + sampleTopic + "', which " + p));
    }

    private static void validateTls(Config config, ValidationOutput out) {
        TlsTrust trust = choice(() -> TlsTrust.from(config.getString(TLS_TRUST)), TLS_TRUST, out);
        if (trust == TlsTrust.PEM) {
            String pem = config.getString(CA_CERTIFICATE, "");
            if (pem.isBlank()) {
                out.error(CA_CERTIFICATE, "paste the CA certificate (PEM) to trust, or choose another TLS trust option");
            } else {
                try {
                    PemMaterial.certificates(pem);
                } catch (IllegalArgumentException e) {
                    out.error(CA_CERTIFICATE, e.getMessage());
                }
            }
        }
        String cert = config.getString(CLIENT_CERTIFICATE, "");
        String key = config.getString(CLIENT_KEY, "");
        List<X509Certificate> chain = null;
        PrivateKey privateKey = null;
        if (!cert.isBlank()) {
            try {
                chain = PemMaterial.certificates(cert);
            } catch (IllegalArgumentException e) {
                out.error(CLIENT_CERTIFICATE, e.getMessage());
            }
            if (key.isBlank()) {
                out.error(CLIENT_KEY, "the client certificate needs its private key");
            }
        } else if (!key.isBlank()) {
            out.error(CLIENT_CERTIFICATE, "the private key needs its client certificate");
        }
        if (!key.isBlank()) {
            try {
                privateKey = PemMaterial.privateKey(key);
            } catch (IllegalArgumentException e) {
                out.error(CLIENT_KEY, e.getMessage());
            }
        }
        if (chain != null && privateKey != null
                && !chain.get(0).getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm())) {
            out.error(CLIENT_KEY, "is a " + privateKey.getAlgorithm() + " key, the certificate holds a "
                    + chain.get(0).getPublicKey().getAlgorithm() + " key: they do not belong together");
        }
    }
}
