package io.tributary.tls;

import io.tributary.config.ConfigException;
import io.tributary.config.ConfigKey;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.ByteArrayInputStream;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
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
 * PEM files as operators have them: certificates (a chain or a CA bundle) and PKCS#8 private keys,
 * plain ({@code PRIVATE KEY}) or password-protected ({@code ENCRYPTED PRIVATE KEY}). Every error
 * names the configuration key the file came from.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** OID of PBES2 (RFC 8018), which older JDKs report instead of an algorithm name. */
    private static final String PBES2_OID = "1.2.840.113549.1.5.13";
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "XDH", "DSA");

    private PemFiles() {
    }

    /** One PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and DER content. */
    record Block(String label, byte[] der) {
    }

    /** Every certificate in the file, in file order (a chain leaf first, or a bundle of CAs). */
    public static List<X509Certificate> certificates(byte[] pem, ConfigKey key, String file) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(pem, key, file)) {
                if (b.label().equals("CERTIFICATE")) {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new ConfigException(key.key() + ": " + file + " holds a certificate that cannot be read: "
                    + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new ConfigException(key.key() + ": no certificate in " + file
                    + " (expected PEM blocks -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /**
     * The private key in the file.
     *
     * @param password for an encrypted key; empty when the key is not encrypted
     * @param passwordKey the configuration key of the password, for messages
     */
    public static PrivateKey privateKey(byte[] pem, char[] password, ConfigKey key, ConfigKey passwordKey,
                                        String file) {
        for (Block b : blocks(pem, key, file)) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return decode(new PKCS8EncodedKeySpec(b.der()), key, file);
                case "ENCRYPTED PRIVATE KEY":
                    if (password.length == 0) {
                        throw new ConfigException(key.key() + ": the key in " + file + " is encrypted; set "
                                + passwordKey.key());
                    }
                    return decode(decrypt(b.der(), password, key, passwordKey, file), key, file);
                case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
                    throw new ConfigException(key.key() + ": " + file + " holds a '" + b.label()
                            + "' (PKCS#1/SEC1); convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in "
                            + file + " -out key-pkcs8.pem");
                default:
                    // certificates or parameters next to the key: skip them
            }
        }
        throw new ConfigException(key.key() + ": no private key in " + file
                + " (expected a PEM block -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----)");
    }

    static List<Block> blocks(byte[] pem, ConfigKey key, String file) {
        String text = new String(pem, java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) {
                // RFC 1421 headers (Proc-Type, DEK-Info): OpenSSL's legacy key encryption
                throw new ConfigException(key.key() + ": " + file + " uses legacy PEM encryption; convert the key to"
                        + " PKCS#8: openssl pkcs8 -topk8 -in " + file + " -out key-pkcs8.pem");
            }
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body.trim())));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key.key() + ": " + file + " has a '" + m.group(1)
                        + "' block that is not valid Base64");
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(key.key() + ": " + file + " is not a PEM file (no -----BEGIN ...----- block)");
        }
        return out;
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, char[] password, ConfigKey key, ConfigKey passwordKey,
                                               String file) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters params = info.getAlgParameters();
            String algorithm = info.getAlgName();
            if ((algorithm.equals("PBES2") || algorithm.equals(PBES2_OID)) && params != null) {
                // the JDK names the concrete scheme (e.g. PBEWithHmacSHA256AndAES_256) only in the parameters
                algorithm = params.toString();
            }
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), params);
            return info.getKeySpec(cipher);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new ConfigException(key.key() + ": " + file + " is encrypted with an algorithm this JVM does not"
                    + " support (" + e.getMessage() + "); re-encrypt it with openssl pkcs8 -topk8 -v2 aes-256-cbc");
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new ConfigException(passwordKey.key() + " does not decrypt the key in " + file);
        }
    }

    private static PrivateKey decode(PKCS8EncodedKeySpec spec, ConfigKey key, String file) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next one
            }
        }
        throw new ConfigException(key.key() + ": the private key in " + file
                + " is not an RSA, EC or EdDSA PKCS#8 key this JVM can read");
    }
}
