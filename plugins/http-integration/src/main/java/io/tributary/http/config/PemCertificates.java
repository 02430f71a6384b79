package io.tributary.http.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads the X.509 certificates of a PEM text, as operators paste it into a one-line field. */
public final class PemCertificates {
    private PemCertificates() {
    }

    /**
     * Every certificate in {@code pem}; a literal {@code \n} counts as a line break.
     *
     * @throws IllegalArgumentException when there is none or one does not parse
     */
    public static List<X509Certificate> parse(String pem) {
        String text = pem == null ? "" : pem.replace("\\n", "\n").trim();
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate could be read from the PEM text");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the PEM certificate does not parse: " + e.getMessage(), e);
        }
    }
}
