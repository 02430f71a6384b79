package io.tributary.broker.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * MQTT password hashes. New hashes are PBKDF2-HMAC-SHA256 with a random 16-byte salt, written
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}; {@code sha256:<hex>} (unsalted,
 * from {@code auth.users}) is only verified, never written, and re-hashed after its first
 * successful login. MQTT passwords are binary: the bytes are hashed as they are.
 */
public final class PasswordHasher {
    /** OWASP's 2023 floor for PBKDF2-HMAC-SHA256; about 100 ms on one core of a small server. */
    public static final int ITERATIONS = 210_000;
    static final String PBKDF2 = "pbkdf2-sha256";
    static final String LEGACY_SHA256 = "sha256:";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    public PasswordHasher() {
        this(ITERATIONS);
    }

    /** @param iterations PBKDF2 rounds for new hashes (tests may use fewer) */
    public PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    /** PBKDF2 rounds of new hashes. */
    public int iterations() {
        return iterations;
    }

    /** A new salted hash of {@code password}. */
    public String hash(byte[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PBKDF2 + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    public String hash(String password) {
        return hash(password.getBytes(StandardCharsets.UTF_8));
    }

    /** True when {@code password} is the one {@code stored} was made from; constant time in the hash. */
    public boolean verify(String stored, byte[] password) {
        if (stored == null || password == null || password.length == 0) {
            return false; // no user has an empty password
        }
        if (stored.startsWith(LEGACY_SHA256)) {
            byte[] want = HexFormat.of().parseHex(stored.substring(LEGACY_SHA256.length()).toLowerCase());
            return MessageDigest.isEqual(want, sha256(password));
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PBKDF2)) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] want = b64.decode(parts[3]);
        return MessageDigest.isEqual(want, pbkdf2(password, b64.decode(parts[2]), Integer.parseInt(parts[1])));
    }

    /** True when {@code stored} is weaker than what {@link #hash} writes now (legacy or fewer rounds). */
    public boolean needsRehash(String stored) {
        if (stored == null || !stored.startsWith(PBKDF2 + "$")) {
            return true;
        }
        String[] parts = stored.split("\\$");
        return parts.length != 4 || Integer.parseInt(parts[1]) < iterations;
    }

    /** True for the formats {@link #verify} understands; used to accept imported hashes. */
    public static boolean isHash(String value) {
        if (value == null) {
            return false;
        }
        if (value.startsWith(LEGACY_SHA256)) {
            return value.substring(LEGACY_SHA256.length()).matches("[0-9a-fA-F]{64}");
        }
        return value.matches(PBKDF2 + "\\$[1-9][0-9]{0,8}\\$[A-Za-z0-9+/]{16,}\\$[A-Za-z0-9+/]{16,}");
    }

    private static byte[] pbkdf2(byte[] password, byte[] salt, int rounds) {
        // PBEKeySpec takes chars and encodes them as UTF-8: one char per byte (0-255) keeps any
        // binary password distinct
        char[] chars = new char[password.length];
        for (int i = 0; i < password.length; i++) {
            chars[i] = (char) (password[i] & 0xFF);
        }
        PBEKeySpec spec = new PBEKeySpec(chars, salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
