package io.tributary.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encrypts secret values for storage with AES-256-GCM: {@code enc:v1:<base64 of iv + ciphertext
 * and tag>}, a fresh random 96-bit IV per value. Opens values sealed with the current key or,
 * during a key rotation, with the previous one. Thread-safe.
 *
 * <pre>{@code
 * SecretBox box = SecretBox.of(key, null);
 * String stored = box.seal("hunter2");   // enc:v1:...
 * String clear = box.open(stored);       // hunter2
 * }</pre>
 */
public final class SecretBox {
    /** Prefix of every sealed value; the version names the algorithm and format. */
    public static final String PREFIX = "enc:v1:";
    /** Key length in bytes (AES-256). */
    public static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec current;
    private final SecretKeySpec previous;

    private SecretBox(SecretKeySpec current, SecretKeySpec previous) {
        this.current = current;
        this.previous = previous;
    }

    /**
     * @param key         the current 256-bit key
     * @param previousKey the key being rotated away from, or {@code null}
     */
    public static SecretBox of(byte[] key, byte[] previousKey) {
        return new SecretBox(spec(key), previousKey == null ? null : spec(previousKey));
    }

    private static SecretKeySpec spec(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("A secret key must be " + KEY_BYTES + " bytes (256 bits)");
        }
        return new SecretKeySpec(key, "AES");
    }

    /** Whether a previous key is configured (a rotation may be under way). */
    public boolean hasPreviousKey() {
        return previous != null;
    }

    /** True when {@code value} looks sealed (starts with {@value #PREFIX}). */
    public static boolean isSealed(Object value) {
        return value instanceof String s && s.startsWith(PREFIX);
    }

    /** {@code clear} encrypted under the current key. */
    public String seal(String clear) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The clear text of a sealed value, with the current key, else the previous one.
     *
     * @throws WrongKeyException when neither key opens it (or it is not a sealed value)
     */
    public String open(String sealed) {
        String clear = tryOpen(sealed, current);
        if (clear == null && previous != null) {
            clear = tryOpen(sealed, previous);
        }
        if (clear == null) {
            throw new WrongKeyException("A stored secret cannot be decrypted with the configured secret key");
        }
        return clear;
    }

    /** True when the current key opens {@code sealed}. */
    public boolean opensWithCurrentKey(String sealed) {
        return tryOpen(sealed, current) != null;
    }

    /** {@code sealed} opened (with either key) and sealed again under the current key. */
    public String reseal(String sealed) {
        return seal(open(sealed));
    }

    /**
     * A copy of a JSON-like tree (maps, lists, strings, numbers...) with every sealed string
     * opened. A string that only looks sealed and opens with neither key is kept as it is: the key
     * itself is checked at start ({@link SecretKeyCheck}), so this is an operator's own value.
     */
    public Map<String, Object> openAll(Map<String, Object> values) {
        if (values == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, openValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object openValue(Object v) {
        if (isSealed(v)) {
            String s = (String) v;
            String clear = tryOpen(s, current);
            if (clear == null && previous != null) {
                clear = tryOpen(s, previous);
            }
            return clear == null ? s : clear;
        }
        if (v instanceof Map<?, ?> map) {
            return openAll((Map<String, Object>) map);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(openValue(item)));
            return out;
        }
        return v;
    }

    private static String tryOpen(String sealed, SecretKeySpec key) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            return null;
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            return null; // another key, or altered
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** A sealed value that the configured keys cannot open. */
    public static final class WrongKeyException extends IllegalStateException {
        public WrongKeyException(String message) {
            super(message);
        }
    }
}
