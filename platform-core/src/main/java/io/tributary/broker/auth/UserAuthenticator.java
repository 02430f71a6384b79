package io.tributary.broker.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Authenticates CONNECTs against {@link MqttUsers}: anonymous (when on), user name and password,
 * or a verified client certificate whose CN names an enabled user (when on); then the user's
 * client id pattern.
 *
 * <p>Password hashes are slow on purpose, so they never run on an event loop: they run on a small
 * bounded pool, and a CONNECT that finds the pool's queue full is refused as busy instead of
 * stalling other clients. A password once verified is remembered per user as an HMAC under a key
 * that lives only in this process, so reconnecting devices cost a hash lookup, not a PBKDF2.
 * Unknown users cost a hash too, so response times do not tell which users exist.
 */
public final class UserAuthenticator implements Authenticator, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UserAuthenticator.class);

    private final MqttUsers users;
    private final boolean anonymous;
    private final boolean certificates;
    private final ThreadPoolExecutor pool;
    private final SecretKeySpec cacheKey;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final String dummyHash;

    /** A password that matched {@code hash}, as an HMAC of the password. */
    private record Verified(String hash, byte[] mac) {
    }

    /**
     * @param anonymous    clients without credentials may connect
     * @param certificates a verified client certificate whose CN is an enabled user authenticates it
     */
    public UserAuthenticator(MqttUsers users, boolean anonymous, boolean certificates) {
        this.users = users;
        this.anonymous = anonymous;
        this.certificates = certificates;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(64 * threads), r -> {
                    Thread t = new Thread(r, "mqtt-auth-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
        // the right shape and cost, matching no password (its hash is all zeros)
        this.dummyHash = PasswordHasher.PBKDF2 + "$" + users.hasher().iterations()
                + "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    }

    public boolean anonymousAllowed() {
        return anonymous;
    }

    public boolean certificatesAllowed() {
        return certificates;
    }

    @Override
    public CompletionStage<Authentication> authenticate(ConnectCredentials c) {
        String username = c.username();
        byte[] password = c.password();
        X509Certificate cert = c.clientCertificate();
        if (certificates && cert != null && password == null) {
            // the certificate names the user; a CONNECT may repeat that name but not claim another
            String cn = CertificateNames.commonName(cert);
            MqttUser u = users.get(cn);
            if (u != null && (username == null || username.equals(cn))) {
                return done(admit(u, c.clientId()));
            }
        }
        if (username == null && password == null) {
            return done(anonymous ? Authentication.anonymous()
                    : Authentication.notAuthorized("Credentials required"));
        }
        if (anonymous && users.isEmpty()) {
            // nothing to check against: credentials sent out of habit must not lock a device out;
            // the user name is not verified, so it is no identity (ACLs treat the client as anonymous)
            return done(Authentication.anonymous());
        }
        if (username == null || password == null) {
            return done(Authentication.badCredentials());
        }
        MqttUser user = users.get(username);
        if (user != null && user.hasPassword()) {
            Verified v = verified.get(username);
            if (v != null && v.hash().equals(user.passwordHash()) && MessageDigest.isEqual(v.mac(), mac(password))) {
                return done(admit(user, c.clientId()));
            }
        }
        byte[] pw = password.clone();
        try {
            return CompletableFuture.supplyAsync(() -> verify(username, pw, c.clientId()), pool);
        } catch (RejectedExecutionException e) {
            log.warn("Refused {} from {}: too many password checks waiting", c.clientId(), c.remoteAddress());
            return done(Authentication.busy());
        }
    }

    private Authentication verify(String username, byte[] password, String clientId) {
        MqttUser user = users.get(username);
        if (user == null || !user.hasPassword()) {
            users.hasher().verify(dummyHash, password); // same work as for a real user
            return Authentication.badCredentials();
        }
        String hash = user.passwordHash();
        if (!users.hasher().verify(hash, password)) {
            return Authentication.badCredentials();
        }
        verified.put(username, new Verified(hash, mac(password)));
        if (users.hasher().needsRehash(hash)) {
            users.rehash(username, hash, password);
        }
        return admit(user, clientId);
    }

    /** The password was right (or the certificate names the user): enabled, and may it use this client id? */
    private Authentication admit(MqttUser user, String clientId) {
        if (!user.enabled()) {
            return Authentication.notAuthorized("User disabled");
        }
        if (!ClientIdPattern.of(user.clientIdPattern()).matches(clientId, user.username())) {
            return Authentication.notAuthorized("Client id not allowed for this user");
        }
        users.connected(user.username());
        return Authentication.user(user.username());
    }

    private byte[] mac(byte[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            return mac.doFinal(password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletionStage<Authentication> done(Authentication a) {
        return CompletableFuture.completedFuture(a);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
