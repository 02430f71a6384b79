package io.tributary.secrets;

import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Where the key that encrypts stored secrets comes from: {@code secret.key} (environment
 * {@code TRIBUTARY_SECRET_KEY}, base64 of 32 bytes) when set, else the file
 * {@value #FILE_NAME} in the data directory, created with owner-only permissions (0600) at the
 * first start. {@code secret.key-previous} names the key being rotated away from.
 */
public final class SecretKeys {
    /** Name of the key file in {@code data.dir}. */
    public static final String FILE_NAME = "secret.key";
    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretKeys() {
    }

    /** The box for the configured keys; creates the key file when neither key nor file exists. */
    public static SecretBox load(TributaryConfig config) {
        String configured = config.get(ConfigKey.SECRET_KEY).trim();
        String previous = config.get(ConfigKey.SECRET_KEY_PREVIOUS).trim();
        byte[] key = configured.isEmpty() ? fromFile(config.dataDir().resolve(FILE_NAME)) : decode(configured);
        return SecretBox.of(key, previous.isEmpty() ? null : decode(previous));
    }

    /** A new random key, base64 (what {@code openssl rand -base64 32} prints). */
    public static String generate() {
        byte[] key = new byte[SecretBox.KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The key in {@code file}, created (0600) when missing. */
    static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            warnIfOthersCanRead(file);
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                return decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("The secret key file " + file.toAbsolutePath()
                        + " does not hold a base64-encoded 256-bit key");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret key file " + file.toAbsolutePath(), e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
                // created with its final permissions: never readable by others, not even for a moment
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return; // another process created it first: use that one
        }
        Files.writeString(file, generate() + "\n", StandardCharsets.US_ASCII);
        log.info("Created the secret key {} (owner-only). It encrypts stored secrets: back it up with the "
                + "database; without it they cannot be read", file.toAbsolutePath());
    }

    private static void warnIfOthersCanRead(Path file) throws IOException {
        if (!Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("The secret key file {} can be read by other users: chmod 600 it", file.toAbsolutePath());
        }
    }

    /** 32 bytes from base64; the message never repeats the value. */
    static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64");
        }
        if (key.length != SecretBox.KEY_BYTES) {
            throw new IllegalArgumentException("not " + SecretBox.KEY_BYTES + " bytes");
        }
        return key;
    }
}
