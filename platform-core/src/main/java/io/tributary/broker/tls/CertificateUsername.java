package io.tributary.broker.tls;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Which name of a verified client certificate becomes the MQTT user name ({@code mqtt.tls.cert-username}). */
public enum CertificateUsername {
    /** The certificate does not set the user name. */
    NONE,
    /** The subject's common name (the most specific one when there are several). */
    CN,
    /** The first DNS subject alternative name. */
    SAN_DNS,
    /** The first e-mail (rfc822Name) subject alternative name. */
    SAN_EMAIL;

    private static final int SAN_EMAIL_TYPE = 1;
    private static final int SAN_DNS_TYPE = 2;

    /** From the configuration word ({@code none}, {@code cn}, {@code san-dns}, {@code san-email}). */
    public static CertificateUsername parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The configuration word, for messages. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The user name this rule takes from {@code cert}, or {@code null} when the certificate has no such name. */
    public String from(X509Certificate cert) {
        return switch (this) {
            case NONE -> null;
            case CN -> commonName(cert);
            case SAN_DNS -> alternativeName(cert, SAN_DNS_TYPE);
            case SAN_EMAIL -> alternativeName(cert, SAN_EMAIL_TYPE);
        };
    }

    private static String commonName(X509Certificate cert) {
        try {
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            // LdapName lists RDNs from the most general; the last CN is the most specific
            String cn = null;
            for (Rdn rdn : rdns) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = rdn.getValue().toString();
                }
            }
            return cn == null || cn.isEmpty() ? null : cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    private static String alternativeName(X509Certificate cert, int type) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names == null) {
                return null;
            }
            for (List<?> name : names) {
                if (name.size() >= 2 && name.get(0) instanceof Integer t && t == type
                        && name.get(1) instanceof String value && !value.isEmpty()) {
                    return value;
                }
            }
            return null;
        } catch (CertificateParsingException e) {
            return null;
        }
    }
}
