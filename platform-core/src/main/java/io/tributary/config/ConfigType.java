package io.tributary.config;

import java.util.List;

/**
 * What values a configuration key accepts, checked at start so that a bad value stops the start
 * with a message naming the key and what it accepts (instead of a surprise later).
 */
public final class ConfigType {
    private enum Kind { TEXT, NON_EMPTY, INTEGER, BOOLEAN, ONE_OF, SOME_OF, HTTP_PATH, SECRET_KEY, PASSWORD }

    private final Kind kind;
    private final long min;
    private final long max;
    private final List<String> options;
    private final String description;

    private ConfigType(Kind kind, long min, long max, List<String> options, String description) {
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.options = options;
        this.description = description;
    }

    /** Any text, empty included. */
    public static ConfigType text() {
        return new ConfigType(Kind.TEXT, 0, 0, List.of(), "text");
    }

    public static ConfigType nonEmpty() {
        return new ConfigType(Kind.NON_EMPTY, 0, 0, List.of(), "text, not empty");
    }

    /** A whole number from {@code min} to {@code max}. */
    public static ConfigType integer(long min, long max) {
        String d = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? min + " or more" : min + ".." + max;
        return new ConfigType(Kind.INTEGER, min, max, List.of(), d);
    }

    /** A port: -1 turns the listener off, 0 picks a free port. */
    public static ConfigType port() {
        return new ConfigType(Kind.INTEGER, -1, 65535, List.of(), "-1 (off), 0 (any free port), 1..65535");
    }

    public static ConfigType bool() {
        return new ConfigType(Kind.BOOLEAN, 0, 0, List.of(), "true, false");
    }

    /** One of the given words (any case). */
    public static ConfigType oneOf(String... options) {
        return new ConfigType(Kind.ONE_OF, 0, 0, List.of(options), String.join(", ", options));
    }

    /** A comma-separated list of one or more of the given words (any case), none twice. */
    public static ConfigType someOf(String... options) {
        return new ConfigType(Kind.SOME_OF, 0, 0, List.of(options),
                "one or more of " + String.join(", ", options) + ", comma-separated");
    }

    /** An HTTP path: starts with '/'. */
    public static ConfigType httpPath() {
        return new ConfigType(Kind.HTTP_PATH, 0, 0, List.of(), "a path starting with /");
    }

    /** Empty, or an AES-256 key: base64 of 32 bytes. Error messages never repeat the value. */
    public static ConfigType secretKey() {
        return new ConfigType(Kind.SECRET_KEY, 0, 0, List.of(), "empty, or base64 of 32 random bytes (openssl rand -base64 32)");
    }

    /** Empty, or a password of at least {@code minLength} characters. Error messages never repeat the value. */
    public static ConfigType password(int minLength) {
        return new ConfigType(Kind.PASSWORD, minLength, 0, List.of(), "empty, or at least " + minLength + " characters");
    }

    /** What the key accepts, as the README and error messages say it. */
    public String description() {
        return description;
    }

    public boolean isInteger() {
        return kind == Kind.INTEGER;
    }

    /** @return {@code null} when {@code value} is accepted */
    String check(String value) {
        String v = value.trim();
        return switch (kind) {
            case TEXT -> null;
            case NON_EMPTY -> v.isEmpty() ? "must not be empty" : null;
            case BOOLEAN -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null
                    : "must be true or false, got '" + v + "'";
            case ONE_OF -> options.stream().anyMatch(o -> o.equalsIgnoreCase(v)) ? null
                    : "must be one of " + description + ", got '" + v + "'";
            case SOME_OF -> checkSomeOf(v);
            case HTTP_PATH -> v.startsWith("/") ? null : "must start with '/', got '" + v + "'";
            case INTEGER -> checkInteger(v);
            case SECRET_KEY -> v.isEmpty() || isKey(v) ? null
                    : "must be the base64 encoding of exactly 32 bytes (e.g. from: openssl rand -base64 32)";
            case PASSWORD -> v.isEmpty() || v.length() >= min ? null
                    : "must be at least " + min + " characters long (it has " + v.length() + ")";
        };
    }

    private static boolean isKey(String v) {
        try {
            return java.util.Base64.getDecoder().decode(v).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String checkSomeOf(String v) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String part : v.split(",", -1)) {
            String word = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (options.stream().noneMatch(o -> o.equalsIgnoreCase(word)) || !seen.add(word)) {
                return "must be " + description + ", got '" + v + "'";
            }
        }
        return null;
    }

    private String checkInteger(String v) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            return "must be a whole number (" + description + "), got '" + v + "'";
        }
        return n < min || n > max ? "must be " + description + ", got " + n : null;
    }
}
