package io.tributary.broker.auth;

import io.tributary.concurrent.Daemons;
import io.tributary.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The MQTT users, cached in memory for CONNECT and written through to a {@link MqttUserStore}.
 * Changes that take rights away (disable, delete, new password, narrower client id pattern) are
 * announced to {@link Revocations} so the broker closes the user's connections.
 *
 * <p>{@code auth.users} seeds users: one listed there is created when the store has no user of
 * that name, and left alone otherwise (the admin is where passwords change). A user deleted in
 * the admin but still listed comes back at the next start.
 */
public final class MqttUsers implements AutoCloseable {
    /** Shortest password accepted over the API (seeds from the configuration keep theirs). */
    public static final int MIN_PASSWORD_LENGTH = 8;
    private static final int MAX_PASSWORD_BYTES = 1024;
    private static final int MAX_NAME_LENGTH = 128;
    private static final Logger log = LoggerFactory.getLogger(MqttUsers.class);

    /** Told when a user's existing connections lose their right to stay. */
    public interface Revocations {
        /** @param deleted true when the user is gone (its stored sessions go too) */
        void revoked(String username, boolean deleted, String reason);
    }

    private final PasswordHasher hasher;
    private final Map<String, MqttUser> users = new ConcurrentHashMap<>();
    private final Map<String, MqttUser> seeds = new LinkedHashMap<>();
    private final Map<String, Long> pendingConnects = new ConcurrentHashMap<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile MqttUserStore store = MqttUserStore.NONE;
    private volatile Revocations revocations = (u, d, r) -> { };
    private volatile ScheduledExecutorService writer;

    public MqttUsers(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    public PasswordHasher hasher() {
        return hasher;
    }

    public void onRevoked(Revocations listener) {
        this.revocations = listener;
    }

    /**
     * Reads {@code auth.users}: {@code user:password} pairs separated by commas, where the password
     * may be {@code sha256:<hex>} (legacy) or a {@code pbkdf2-sha256$...} hash. Clear passwords are
     * hashed here; the users are available at once (and stored on {@link #attach}).
     *
     * @throws ConfigException naming {@code auth.users} when an entry is malformed
     */
    public synchronized void seed(String spec) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (String pair : spec.split(",")) {
            String p = pair.trim();
            int colon = p.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException("auth.users entries must look like user:password (got an entry without ':')");
            }
            String name = p.substring(0, colon).trim();
            String secret = p.substring(colon + 1);
            String nameError = nameError(name);
            if (nameError != null) {
                throw new ConfigException("auth.users: user name '" + name + "' " + nameError);
            }
            String hash;
            if (secret.startsWith(PasswordHasher.LEGACY_SHA256) || secret.startsWith(PasswordHasher.PBKDF2 + "$")) {
                if (!PasswordHasher.isHash(secret)) {
                    throw new ConfigException("auth.users: password of '" + name + "' must be sha256: and 64 hex digits, "
                            + "or a complete pbkdf2-sha256 hash");
                }
                hash = secret;
            } else if (secret.isEmpty()) {
                throw new ConfigException("auth.users: password of '" + name + "' is empty");
            } else {
                hash = hasher.hash(secret);
            }
            MqttUser user = new MqttUser(name, hash, true, MqttUser.ANY_CLIENT_ID, now, 0);
            seeds.put(name, user);
            users.put(name, user);
        }
    }

    /**
     * Keeps users in {@code target} from now on: loads what it holds (it wins over seeds of the
     * same name) and stores seeds it does not have yet.
     */
    public synchronized void attach(MqttUserStore target) {
        Map<String, MqttUser> loaded = new LinkedHashMap<>();
        for (MqttUser u : target.loadAll()) {
            loaded.put(u.username(), u);
        }
        for (MqttUser seed : seeds.values()) {
            if (!loaded.containsKey(seed.username()) && target.insert(seed)) {
                log.info("MQTT user '{}' created from auth.users", seed.username());
                loaded.put(seed.username(), seed);
            }
        }
        if (writer == null) {
            writer = Daemons.timer("mqtt-users-writer");
        }
        users.clear();
        users.putAll(loaded);
        this.store = target; // last: connected() uses the writer once it sees a store
    }

    /**
     * Reads the users again from the store, where another node changed them: connections of users
     * deleted, disabled, or whose password or client id pattern changed are revoked as they would
     * be on the node that made the change (a hash merely upgraded from a weak one is no change).
     */
    public void reload() {
        Map<String, String> revoked = new LinkedHashMap<>(); // user -> reason; "" for deleted
        synchronized (this) {
            Map<String, MqttUser> loaded = new LinkedHashMap<>();
            for (MqttUser u : store.loadAll()) {
                loaded.put(u.username(), u);
            }
            for (MqttUser before : users.values()) {
                MqttUser after = loaded.get(before.username());
                String reason = after == null ? "" : changeReason(before, after);
                if (reason != null) {
                    revoked.put(before.username(), reason);
                }
            }
            users.keySet().retainAll(loaded.keySet()); // never empty meanwhile: CONNECTs read it unlocked
            users.putAll(loaded);
        }
        log.info("MQTT users changed on another node: reloaded {} user(s)", users.size());
        revoked.forEach((name, reason) -> revocations.revoked(name, reason.isEmpty(),
                reason.isEmpty() ? "user deleted" : reason));
    }

    private String changeReason(MqttUser before, MqttUser after) {
        if (before.enabled() && !after.enabled()) {
            return "user disabled";
        }
        if (!java.util.Objects.equals(before.passwordHash(), after.passwordHash())
                && (before.passwordHash() == null || !hasher.needsRehash(before.passwordHash()))) {
            return "password changed";
        }
        if (!java.util.Objects.equals(before.clientIdPattern(), after.clientIdPattern())) {
            return "client id pattern changed";
        }
        return null;
    }

    /** The user with its hash (for authentication), or {@code null}. */
    public MqttUser get(String username) {
        return username == null ? null : users.get(username);
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    public int size() {
        return users.size();
    }

    /** Every user, by name, without password hashes. */
    public List<MqttUser> list() {
        return users.values().stream().map(MqttUser::withoutHash)
                .sorted(Comparator.comparing(MqttUser::username)).toList();
    }

    /** One user without its hash. */
    public MqttUser view(String username) {
        MqttUser u = get(username);
        if (u == null) {
            throw AccessException.notFound("MQTT user '" + username + "' not found");
        }
        return u.withoutHash();
    }

    /**
     * Creates a user.
     *
     * @param password        clear password, or {@code null} for a user that only connects with a client certificate
     * @param enabled         {@code null}: enabled
     * @param clientIdPattern {@code null}: any client id
     * @throws AccessException INVALID with field errors, CONFLICT when the name is taken
     */
    public MqttUser create(String username, String password, Boolean enabled, String clientIdPattern) {
        List<AccessException.FieldError> errors = new ArrayList<>();
        String nameError = nameError(username);
        if (nameError != null) {
            errors.add(new AccessException.FieldError("username", nameError));
        }
        checkPassword(password, errors);
        String pattern = clientIdPattern == null ? MqttUser.ANY_CLIENT_ID : clientIdPattern;
        checkPattern(pattern, errors);
        if (!errors.isEmpty()) {
            throw AccessException.invalid(errors);
        }
        String hash = password == null ? null : hasher.hash(password);
        MqttUser user = new MqttUser(username, hash, enabled == null || enabled, pattern,
                System.currentTimeMillis(), 0);
        synchronized (this) {
            if (users.containsKey(username) || !store.insert(user)) {
                throw AccessException.conflict("MQTT user '" + username + "' exists already");
            }
            users.put(username, user);
        }
        log.info("MQTT user '{}' created", username);
        return user.withoutHash();
    }

    /**
     * Changes what is given (non-null) of a user. A new password, disabling it or a new client id
     * pattern close its connections.
     */
    public MqttUser update(String username, String password, Boolean enabled, String clientIdPattern) {
        List<AccessException.FieldError> errors = new ArrayList<>();
        if (password != null) {
            checkPassword(password, errors);
        }
        if (clientIdPattern != null) {
            checkPattern(clientIdPattern, errors);
        }
        if (!errors.isEmpty()) {
            throw AccessException.invalid(errors);
        }
        String hash = password == null ? null : hasher.hash(password); // slow: outside the lock
        MqttUser updated;
        String revoked = null;
        synchronized (this) {
            MqttUser u = users.get(username);
            if (u == null) {
                throw AccessException.notFound("MQTT user '" + username + "' not found");
            }
            updated = u;
            if (hash != null) {
                updated = updated.withPasswordHash(hash);
                revoked = "password changed";
            }
            if (enabled != null && enabled != u.enabled()) {
                updated = updated.withEnabled(enabled);
                if (!enabled) {
                    revoked = "user disabled";
                }
            }
            if (clientIdPattern != null && !clientIdPattern.equals(u.clientIdPattern())) {
                updated = updated.withClientIdPattern(clientIdPattern);
                revoked = revoked == null ? "client id pattern changed" : revoked;
            }
            store.update(updated);
            users.put(username, updated);
        }
        log.info("MQTT user '{}' updated{}", username, revoked == null ? "" : " (" + revoked + ")");
        if (revoked != null) {
            revocations.revoked(username, false, revoked);
        }
        return updated.withoutHash();
    }

    /** Deletes a user; its connections are closed and its stored sessions end. */
    public void delete(String username) {
        synchronized (this) {
            if (!users.containsKey(username)) {
                throw AccessException.notFound("MQTT user '" + username + "' not found");
            }
            store.delete(username);
            users.remove(username);
        }
        log.info("MQTT user '{}' deleted", username);
        revocations.revoked(username, true, "user deleted");
    }

    /** Records an accepted CONNECT; written to the store at most about once a second, in the background. */
    void connected(String username) {
        long now = System.currentTimeMillis();
        users.computeIfPresent(username, (k, u) -> u.withLastConnect(now));
        if (store == MqttUserStore.NONE) {
            return;
        }
        pendingConnects.put(username, now);
        ScheduledExecutorService w = writer;
        if (w != null && flushScheduled.compareAndSet(false, true)) {
            try {
                w.schedule(this::flushConnects, 1, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                flushScheduled.set(false); // closing
            }
        }
    }

    /** Replaces a weak hash (legacy sha256, fewer rounds) after {@code password} was verified against it. */
    void rehash(String username, String verifiedHash, byte[] password) {
        ScheduledExecutorService w = writer;
        if (w == null) {
            // nothing stored (the broker on its own): the calling hashing thread does it
            upgrade(username, verifiedHash, hasher.hash(password));
            return;
        }
        byte[] copy = password.clone();
        try {
            w.execute(() -> upgrade(username, verifiedHash, hasher.hash(copy)));
        } catch (RuntimeException e) {
            log.debug("Re-hash of {} skipped: {}", username, e.toString());
        }
    }

    private synchronized void upgrade(String username, String verifiedHash, String newHash) {
        MqttUser u = users.get(username);
        if (u == null || !verifiedHash.equals(u.passwordHash())) {
            return; // changed meanwhile
        }
        MqttUser updated = u.withPasswordHash(newHash);
        store.update(updated);
        users.put(username, updated);
        log.info("MQTT user '{}': password hash upgraded to PBKDF2", username);
    }

    private void flushConnects() {
        flushScheduled.set(false);
        for (String name : List.copyOf(pendingConnects.keySet())) {
            Long time = pendingConnects.remove(name);
            if (time != null && users.containsKey(name)) {
                try {
                    store.lastConnect(name, time);
                } catch (RuntimeException e) {
                    log.warn("Could not record the last connect of MQTT user '{}': {}", name, e.toString());
                }
            }
        }
    }

    /** Why {@code name} cannot be a user name, or {@code null}. */
    public static String nameError(String name) {
        if (name == null || name.isEmpty()) {
            return "is required";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "must be at most " + MAX_NAME_LENGTH + " characters";
        }
        if (!name.strip().equals(name)) {
            return "must not start or end with spaces";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '+' || c == '#') {
                // user names are substituted into topic filters (%u): they must not change their shape
                return "must not contain '/', '+' or '#'";
            }
            if (Character.isISOControl(c)) {
                return "must not contain control characters";
            }
        }
        return null;
    }

    private static void checkPassword(String password, List<AccessException.FieldError> errors) {
        if (password == null) {
            return;
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            errors.add(new AccessException.FieldError("password",
                    "must be at least " + MIN_PASSWORD_LENGTH + " characters"));
        } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            errors.add(new AccessException.FieldError("password", "must be at most " + MAX_PASSWORD_BYTES + " bytes"));
        }
    }

    private static void checkPattern(String pattern, List<AccessException.FieldError> errors) {
        try {
            ClientIdPattern.of(pattern);
        } catch (IllegalArgumentException e) {
            errors.add(new AccessException.FieldError("clientIdPattern", e.getMessage()));
        }
    }

    /** Writes pending last-connect times and stops the background writer. */
    @Override
    public synchronized void close() {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer = null;
        }
        if (store != MqttUserStore.NONE) {
            flushConnects();
        }
    }
}
