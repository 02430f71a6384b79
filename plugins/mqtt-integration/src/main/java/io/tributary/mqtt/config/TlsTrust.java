package io.tributary.mqtt.config;

/** Which server certificates a TLS connection accepts: the {@code tlsTrust} field. */
public enum TlsTrust implements Choice {
    /** The JVM's trust store (public CAs), with host name verification. */
    SYSTEM("system", "System trust store"),
    /** Only the CA certificate(s) pasted in {@code caCertificate}, with host name verification. */
    PEM("pem", "CA certificate (PEM) below"),
    /** Any certificate, any host name: no protection against impersonation. Development only. */
    TRUST_ALL("trustAll", "Trust all certificates (INSECURE, development only)");

    private final String value;
    private final String label;

    TlsTrust(String value, String label) {
        this.value = value;
        this.label = label;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public String label() {
        return label;
    }

    public static TlsTrust from(String value) {
        return Choice.from(TlsTrust.class, value, SYSTEM, "TLS trust option");
    }
}
