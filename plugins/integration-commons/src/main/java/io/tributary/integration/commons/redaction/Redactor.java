package io.tributary.integration.commons.redaction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from a text before an operator sees it or it is logged: every known secret
 * value (the integration's own passwords, tokens, secret map values, and the quoted values inside
 * them such as a login module's {@code password="..."}), the user information of URLs
 * ({@code https://user:pw@host} becomes {@code https://****@host}), secret query parameters
 * ({@code ?token=abc} becomes {@code ?token=****}) and assignments to secret names that the
 * redactor was not told about ({@code ssl.key.password=x}, {@code "secret": "x"}).
 *
 * <pre>{@code
 * Redactor redactor = Redactor.builder(SecretKeyPatterns.of("*password*", "*token*"))
 *         .secret(settings.password())
 *         .secretEntries(settings.properties())
 *         .build();
 * String shown = redactor.redact(error.getMessage());
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MASK = "****";
    /** Shorter values are not masked as plain text: they would mask ordinary words. */
    static final int MIN_MASKED_LENGTH = 3;

    private static final Pattern QUOTED_OPTION = Pattern.compile("([\\w.\\-]+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.\\-]*://)[^/?#@\\s\"'<>]+@");
    private static final Pattern QUERY_PARAMETER = Pattern.compile("([?&;])([^=&#\\s\"'<>]+)=([^&#\\s\"'<>]*)");
    private static final Pattern ASSIGNMENT =
            Pattern.compile("([\\w.\\-]+)(\"?\\s*[=:]\\s*)((?i:basic|bearer|digest|negotiate|token)\\s+)?"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s,;&\"'<>]+)");

    private final List<String> secrets;
    private final SecretKeyPatterns keys;
    private final SecretKeyPatterns queryParameters;

    private Redactor(List<String> secrets, SecretKeyPatterns keys, SecretKeyPatterns queryParameters) {
        List<String> sorted = new ArrayList<>(secrets);
        // longest first, so a secret that contains another is masked whole
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
        this.keys = keys;
        this.queryParameters = queryParameters;
    }

    /** @param secretKeys names whose values are secrets (settings, map keys, query parameters) */
    public static Builder builder(SecretKeyPatterns secretKeys) {
        return new Builder(secretKeys);
    }

    /** Builds a {@link Redactor}. */
    public static final class Builder {
        private final List<String> secrets = new ArrayList<>();
        private final SecretKeyPatterns keys;
        private SecretKeyPatterns queryParameters;

        private Builder(SecretKeyPatterns keys) {
            this.keys = keys;
            this.queryParameters = keys;
        }

        /** A value that is secret wherever it appears (ignored when {@code null} or very short). */
        public Builder secret(String value) {
            if (value != null && value.length() >= MIN_MASKED_LENGTH && !secrets.contains(value)) {
                secrets.add(value);
            }
            return this;
        }

        /**
         * The values of the entries whose key matches the secret key patterns, and the quoted
         * option values inside them (except {@code username="..."}), e.g. of a login module line.
         */
        public Builder secretEntries(Map<String, String> entries) {
            if (entries == null) {
                return this;
            }
            entries.forEach((key, value) -> {
                if (value != null && keys.matches(key)) {
                    secret(value);
                    Matcher m = QUOTED_OPTION.matcher(value);
                    while (m.find()) {
                        if (!m.group(1).equalsIgnoreCase("username")) {
                            secret(m.group(2));
                        }
                    }
                }
            });
            return this;
        }

        /** Query parameters whose values are masked in URLs; the secret key patterns unless set. */
        public Builder secretQueryParameters(SecretKeyPatterns names) {
            this.queryParameters = names;
            return this;
        }

        public Redactor build() {
            return new Redactor(secrets, keys, queryParameters);
        }
    }

    /** {@code text} without secrets; {@code null} stays {@code null}. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        out = URL_USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        out = QUERY_PARAMETER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                queryParameters.matches(decode(m.group(2))) ? m.group(1) + m.group(2) + "=" + MASK : m.group()));
        return ASSIGNMENT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                keys.matches(m.group(1)) && !m.group(4).equals(MASK)
                        ? m.group(1) + m.group(2) + (m.group(3) == null ? "" : m.group(3)) + MASK : m.group()));
    }

    /**
     * "ExceptionName: message" for {@code t} and up to two causes that add information (a wrapper
     * repeating its cause's message is skipped), redacted.
     */
    public String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String previous = null;
        int depth = 0;
        for (Throwable c = t; c != null && depth < 3; c = c.getCause(), depth++) {
            String line = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            if (previous != null && c.getMessage() != null && previous.contains(c.getMessage())) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append("; caused by ");
            }
            sb.append(line);
            previous = line;
        }
        return redact(sb.toString());
    }

    private static String decode(String name) {
        // %5F and friends must not hide a name: decode the few characters names use
        return name.replace("%5F", "_").replace("%5f", "_").replace("%2D", "-").replace("%2d", "-");
    }
}
