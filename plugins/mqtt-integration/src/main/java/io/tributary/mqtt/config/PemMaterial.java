package io.tributary.mqtt.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys from PEM text as operators paste it into a form field (a
 * literal {@code \n} counts as a line break). Error messages never quote the text: a key is a secret.
 */
public final class PemMaterial {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "DSA");

    private PemMaterial() {
    }

    /** {@code pem} with literal {@code \n} sequences turned into line breaks, trimmed. */
    static String normalize(String pem) {
        return pem == null ? "" : pem.replace("\\n", "\n").trim();
    }

    /**
     * Every certificate in {@code pem}, in order.
     *
     * @throws IllegalArgumentException when there is none or one does not parse
     */
    public static List<X509Certificate> certificates(String pem) {
        String text = normalize(pem);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))) {
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

    /**
     * The unencrypted PKCS#8 private key in {@code pem} ({@code -----BEGIN PRIVATE KEY-----}).
     *
     * @throws IllegalArgumentException for another format or a key that does not parse
     */
    public static PrivateKey privateKey(String pem) {
        String text = normalize(pem);
        if (text.contains("ENCRYPTED PRIVATE KEY") || text.contains("RSA PRIVATE KEY")
                || text.contains("EC PRIVATE KEY")) {
            throw new IllegalArgumentException("only unencrypted PKCS#8 keys (-----BEGIN PRIVATE KEY-----) are read; "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no PEM private key (-----BEGIN PRIVATE KEY-----) found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the private key is not valid base64");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the private key does not parse as an RSA, EC, EdDSA or DSA PKCS#8 key");
    }
}
