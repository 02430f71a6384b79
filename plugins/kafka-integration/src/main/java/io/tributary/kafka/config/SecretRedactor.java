package io.tributary.kafka.config;

import io.tributary.plugin.api.config.Field;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text shown to operators or written to logs: the values of secret
 * {@code otherProperties} keys ({@code sasl.jaas.config}, {@code *password*}, {@code *secret*}),
 * the quoted values inside a JAAS line, and any {@code password="..."} that slips through.
 */
public final class SecretRedactor {
    static final String MASK = "****";
    private static final Pattern JAAS_OPTION = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern PASSWORD_ASSIGNMENT =
            Pattern.compile("(?i)([\\w.]*(?:password|secret)[\\w.]*\\s*[=:]\\s*)(\"[^\"]*\"|\\S+)");

    private final List<String> secrets;

    private SecretRedactor(List<String> secrets) {
        // longest first, so a secret that contains another is masked whole
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(secrets);
    }

    /** A redactor for the secrets among {@code otherProperties}. */
    public static SecretRedactor of(Map<String, String> otherProperties) {
        Field field = KafkaConfigSchema.otherPropertiesField();
        List<String> secrets = new ArrayList<>();
        for (Map.Entry<String, String> e : otherProperties.entrySet()) {
            if (e.getValue() == null || !field.isSecretKey(e.getKey())) {
                continue;
            }
            addIfMaskable(secrets, e.getValue());
            Matcher m = JAAS_OPTION.matcher(e.getValue());
            while (m.find()) {
                if (!m.group(1).equalsIgnoreCase("username")) {
                    addIfMaskable(secrets, m.group(2));
                }
            }
        }
        return new SecretRedactor(secrets);
    }

    private static void addIfMaskable(List<String> secrets, String value) {
        // very short values would mask ordinary words of the text
        if (value.length() >= 3) {
            secrets.add(value);
        }
    }

    /** {@code text} with every known secret replaced by {@value #MASK}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return PASSWORD_ASSIGNMENT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /**
     * "ExceptionName: message" for {@code t} and up to two causes that add information,
     * redacted.
     */
    public String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String previous = null;
        int depth = 0;
        for (Throwable c = t; c != null && depth < 3; c = c.getCause(), depth++) {
            String line = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            if (previous != null && previous.contains(String.valueOf(c.getMessage()))) {
                continue; // wrapper repeating its cause
            }
            if (!sb.isEmpty()) {
                sb.append("; caused by ");
            }
            sb.append(line);
            previous = line;
        }
        return redact(sb.toString());
    }
}
