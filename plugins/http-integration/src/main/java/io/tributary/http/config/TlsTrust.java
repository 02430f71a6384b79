package io.tributary.http.config;

/** Which server certificates {@code https} requests trust: the {@code tlsTrust} field. */
public enum TlsTrust {
    /** The JVM's trust store (public CAs): what production endpoints need. */
    SYSTEM("system", "System trust store"),
    /** Only the CA certificate(s) pasted in {@code caCertificate}, e.g. a private or self-signed CA. */
    PEM("pem", "CA certificate (PEM) below"),
    /** Any certificate, any host name: no protection against impersonation. Development only. */
    TRUST_ALL("trustAll", "Trust all certificates (INSECURE, development only)");

    private final String value;
    private final String label;

    TlsTrust(String value, String label) {
        this.value = value;
        this.label = label;
    }

    public String value() {
        return value;
    }

    public String label() {
        return label;
    }

    /** The option stored as {@code value}; {@link #SYSTEM} when absent. */
    public static TlsTrust from(String value) {
        for (TlsTrust t : values()) {
            if (t.value.equals(value)) {
                return t;
            }
        }
        if (value == null || value.isBlank()) {
            return SYSTEM;
        }
        throw new IllegalArgumentException("unknown TLS trust option '" + value + "'");
    }
}
