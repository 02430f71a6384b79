package io.tributary.tls;

import io.tributary.config.ConfigException;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

/**
 * A server's private key and its certificate chain (leaf first), checked to belong together so that
 * a half-replaced pair of files is refused instead of failing every handshake.
 */
public record ServerKey(PrivateKey key, List<X509Certificate> chain) {

    public ServerKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** For logs: the leaf's subject and validity; never key material. */
    public String describe() {
        return "subject '" + leaf().getSubjectX500Principal().getName() + "', valid until " + leaf().getNotAfter()
                .toInstant();
    }

    /** Whether the leaf certificate has expired (or is not valid yet) at {@code now}. */
    public boolean outsideValidity(Date now) {
        return now.after(leaf().getNotAfter()) || now.before(leaf().getNotBefore());
    }

    /** An in-memory keystore (PKCS#12) holding this key under alias {@code server}, for servers that want one. */
    public KeyStore toKeyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build an in-memory keystore", e);
        }
    }

    /**
     * Signs a probe with the key and verifies it with the leaf's public key.
     *
     * @param what how the files are named in the error (e.g. "mqtt.tls.key does not match mqtt.tls.cert")
     */
    void checkPair(String what) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null; // RSASSA-PSS and others: left to the handshake
        };
        if (algorithm == null) {
            return;
        }
        boolean matches;
        try {
            byte[] probe = "tributary key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf().getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // e.g. an RSA key against an EC certificate
        }
        if (!matches) {
            throw new ConfigException(what + ": the private key does not belong to the certificate "
                    + leaf().getSubjectX500Principal().getName());
        }
    }
}
