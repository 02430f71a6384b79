package io.tributary.admin.auth;

import io.tributary.storage.SettingsRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The admin user's credentials. The password comes from configuration (e.g. the environment
 * variable {@value #PASSWORD_ENV}); when none is configured one is generated at first start,
 * announced once (never in the log: see {@link PasswordNotice}), and only its salted PBKDF2 hash is stored (setting {@value #PASSWORD_SETTING}).
 * Later starts without a configured password use the stored hash.
 *
 * <p>The password can be changed at run time ({@link #changePassword}); the new hash is stored
 * and survives restarts. When a password is configured, a changed one wins only while the
 * configured one stays the same: configuring a different password resets it (how an operator
 * recovers a lost password).
 */
public final class AdminCredentials {
    public static final String DEFAULT_USERNAME = "admin";
    public static final String PASSWORD_ENV = "TRIBUTARY_ADMIN_PASSWORD";
    public static final String PASSWORD_SETTING = "admin.password.hash";
    /** Hash of the configured password in force when the password was last changed at run time. */
    public static final String CONFIGURED_SETTING = "admin.password.configured-hash";
    /** Shortest password accepted by {@link #changePassword} (and for {@code admin.password}). */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String username;
    private final SettingsRepository settings;
    /**
     * Completes once the hashes below are known. Hashing a configured password (PBKDF2, two of
     * them when it was changed at run time) takes about a second, so it runs on a thread of its
     * own instead of delaying start-up; the first login waits for it.
     */
    private final CompletableFuture<Void> ready;
    /** Hash of the configured password, or {@code null} when none is configured. */
    private volatile String configuredHash;
    private volatile String passwordHash;
    /** Digest of the last credentials that passed PBKDF2, so each API call does not pay for it again. */
    private volatile byte[] verified;

    /**
     * @param settings           where a generated password's hash is kept
     * @param username           admin user name ({@value #DEFAULT_USERNAME} when blank)
     * @param configuredPassword the configured password, or {@code null}/blank to use the stored one
     *                           or generate one
     * @param announcer          told the generated password, once, when one is generated
     */
    public AdminCredentials(SettingsRepository settings, String username, String configuredPassword,
                            Consumer<String> announcer) {
        this.username = username == null || username.isBlank() ? DEFAULT_USERNAME : username;
        this.settings = settings;
        if (configuredPassword != null && !configuredPassword.isBlank()) {
            this.ready = CompletableFuture.runAsync(() -> {
                String hash = PasswordHash.hash(configuredPassword);
                passwordHash = changedSinceConfigured(configuredPassword).orElse(hash);
                configuredHash = hash;
            }, AdminCredentials::onOwnThread);
        } else {
            // a stored hash costs nothing to read; generating happens once, at the very first start
            this.passwordHash = settings.get(PASSWORD_SETTING).orElseGet(() -> generate(settings, announcer));
            this.ready = CompletableFuture.completedFuture(null);
        }
    }

    private static void onOwnThread(Runnable task) {
        Thread t = new Thread(task, "admin-password-hash");
        t.setDaemon(true);
        t.start();
    }

    /** Waits until the password hashes are known. */
    private void awaitReady() {
        try {
            ready.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The hash stored by a run-time change made while this same password was configured. */
    private Optional<String> changedSinceConfigured(String configuredPassword) {
        if (settings == null) {
            return Optional.empty();
        }
        return settings.get(CONFIGURED_SETTING)
                .filter(hash -> PasswordHash.verify(configuredPassword, hash))
                .flatMap(hash -> settings.get(PASSWORD_SETTING));
    }

    private String generate(SettingsRepository settings, Consumer<String> announcer) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String stored = settings.putIfAbsent(PASSWORD_SETTING, PasswordHash.hash(password));
        if (PasswordHash.verify(password, stored)) {
            announcer.accept(password);
        }
        return stored;
    }

    public String username() {
        return username;
    }

    /** Why a password change was refused. */
    public static final class PasswordChangeException extends RuntimeException {
        /** The form field the problem belongs to: {@code currentPassword} or {@code newPassword}. */
        private final String field;

        PasswordChangeException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * Replaces the admin password after checking the current one; stores only the new hash.
     *
     * @throws PasswordChangeException when the current password is wrong or the new one too short
     */
    public synchronized void changePassword(String currentPassword, String newPassword) {
        awaitReady();
        if (!verify(username, currentPassword)) {
            throw new PasswordChangeException("currentPassword", "The current password is not correct");
        }
        if (newPassword == null || newPassword.length() < MIN_PASSWORD_LENGTH) {
            throw new PasswordChangeException("newPassword",
                    "Use at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        String hash = PasswordHash.hash(newPassword);
        if (settings != null) {
            settings.put(PASSWORD_SETTING, hash);
            String configured = configuredHash;
            if (configured != null) {
                settings.put(CONFIGURED_SETTING, configured);
            }
        }
        passwordHash = hash;
        verified = null;
    }

    /** True when both match; comparisons take the same time whatever the input. */
    public boolean verify(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        awaitReady();
        byte[] presented = digest(user, password);
        byte[] known = verified;
        if (known != null && MessageDigest.isEqual(known, presented)) {
            return true;
        }
        boolean userOk = MessageDigest.isEqual(digest(username, ""), digest(user, ""));
        boolean passwordOk = slowVerify(password);
        if (userOk && passwordOk) {
            verified = presented;
            return true;
        }
        return false;
    }

    /** One PBKDF2 at a time: a flood of wrong passwords costs one core, not all of them. */
    private synchronized boolean slowVerify(String password) {
        return PasswordHash.verify(password, passwordHash);
    }

    private byte[] digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(passwordHash.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
