package io.tributary.http.config;

/** How requests authenticate: the {@code authType} field. */
public enum AuthType {
    NONE("none", "None"),
    /** {@code Authorization: Basic base64(username:password)} (RFC 7617). */
    BASIC("basic", "Basic (username and password)"),
    /** {@code Authorization: Bearer <token>} (RFC 6750). */
    BEARER("bearer", "Bearer token");

    private final String value;
    private final String label;

    AuthType(String value, String label) {
        this.value = value;
        this.label = label;
    }

    /** The stored value. */
    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    /** The type stored as {@code value}; {@link #NONE} when absent. */
    public static AuthType from(String value) {
        for (AuthType t : values()) {
            if (t.value.equals(value)) {
                return t;
            }
        }
        if (value == null || value.isBlank()) {
            return NONE;
        }
        throw new IllegalArgumentException("unknown authentication type '" + value + "'");
    }
}
