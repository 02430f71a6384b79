package io.tributary.http.config;

import io.tributary.plugin.api.config.Field;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Removes the integration's secrets from text shown to operators or written to logs: the
 * password, the token, the encoded basic credentials and the values of secret headers — e.g. in
 * a response body that echoes the request.
 */
public final class SecretMasker {
    public static final String MASK = "****";

    private final List<String> secrets;

    private SecretMasker(List<String> secrets) {
        // longest first, so a secret that contains another is masked whole
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(secrets);
    }

    public static SecretMasker of(HttpSettings settings) {
        List<String> secrets = new ArrayList<>();
        if (settings.authType() == AuthType.BASIC) {
            add(secrets, settings.password());
            add(secrets, Base64.getEncoder().encodeToString(
                    (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8)));
        } else if (settings.authType() == AuthType.BEARER) {
            add(secrets, settings.token());
        }
        for (Map.Entry<String, String> h : settings.headers().entrySet()) {
            if (isSecretHeader(h.getKey())) {
                add(secrets, h.getValue());
            }
        }
        return new SecretMasker(secrets);
    }

    /** True when the configured header {@code name} holds a secret (Authorization, *token*...). */
    public static boolean isSecretHeader(String name) {
        Field headers = HttpConfigSchema.headersField();
        return headers.isSecretKey(name.trim());
    }

    private static void add(List<String> secrets, String value) {
        // very short values would mask ordinary words of the text
        if (value != null && value.length() >= 3) {
            secrets.add(value);
        }
    }

    /** {@code text} with every known secret replaced by {@value #MASK}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** "ExceptionName: message" for {@code t} and its first cause that adds information, masked. */
    public String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(line(t));
        Throwable cause = t.getCause();
        if (cause != null && cause != t && (t.getMessage() == null || !t.getMessage().contains(line(cause)))) {
            sb.append("; caused by ").append(line(cause));
        }
        return mask(sb.toString());
    }

    private static String line(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
