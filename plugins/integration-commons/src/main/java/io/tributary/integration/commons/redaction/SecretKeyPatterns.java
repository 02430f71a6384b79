package io.tributary.integration.commons.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names of settings, headers or query parameters that hold secrets, as patterns where {@code *}
 * matches any characters; matching ignores case ({@code *password*} matches
 * {@code ssl.key.password} and {@code X-Password}). The same syntax as
 * {@code Field.secretKeyPatterns} of the plugin API, so one list serves the schema and the redactor.
 */
public final class SecretKeyPatterns {
    /** Words that name a secret wherever they appear in a name. */
    public static final List<String> COMMON = List.of("*password*", "*passwd*", "*secret*", "*token*",
            "*passphrase*", "*api-key*", "*api_key*", "*apikey*", "*private-key*", "*private_key*");

    private final List<String> patterns;
    private final List<Pattern> compiled;

    private SecretKeyPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        List<Pattern> out = new ArrayList<>();
        for (String p : this.patterns) {
            out.add(Pattern.compile(("\\Q" + p.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q")));
        }
        this.compiled = List.copyOf(out);
    }

    public static SecretKeyPatterns of(String... patterns) {
        return new SecretKeyPatterns(List.of(patterns));
    }

    public static SecretKeyPatterns of(List<String> patterns) {
        return new SecretKeyPatterns(patterns);
    }

    /** These patterns and {@code more}. */
    public SecretKeyPatterns and(List<String> more) {
        List<String> all = new ArrayList<>(patterns);
        more.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return new SecretKeyPatterns(all);
    }

    /** True when {@code name} holds a secret. */
    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Pattern p : compiled) {
            if (p.matcher(n).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The patterns, e.g. for {@code ConfigSchema.Builder} {@code secretKeys(...)}. */
    public List<String> patterns() {
        return patterns;
    }

    /** As an array, for the schema builder's varargs. */
    public String[] toArray() {
        return patterns.toArray(String[]::new);
    }
}
