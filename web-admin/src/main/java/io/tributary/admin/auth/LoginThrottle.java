package io.tributary.admin.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing against the admin (login form and HTTP Basic alike), per source
 * address and per user name: the first failure is free (a typo), after each further one the next
 * attempt is only checked after a delay that doubles each time; after {@code maxFailures} failures attempts are refused for
 * the lockout window, logged once. A success clears the counts of that address and user.
 *
 * <p>A throttled attempt is refused before its password is checked, so it tells a guesser
 * nothing. Behind a reverse proxy every client shares the proxy's address.
 */
public final class LoginThrottle {
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** Above this many tracked keys, those that are not locked are forgotten (spraying many names). */
    private static final int MAX_ENTRIES = 10_000;

    private final int maxFailures;
    private final Duration lockout;
    private final Duration delay;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Failures of one address or user name. */
    private record Entry(int failures, long lastFailure, long nextAttempt, boolean locked) {
    }

    public LoginThrottle(int maxFailures, Duration lockout, Duration delay) {
        this(maxFailures, lockout, delay, Clock.systemUTC());
    }

    LoginThrottle(int maxFailures, Duration lockout, Duration delay, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.delay = delay;
        this.clock = clock;
    }

    /**
     * How long the caller must wait before an attempt from {@code address} for {@code user} is
     * checked; empty when it may be checked now.
     */
    public Optional<Duration> waitFor(String address, String user) {
        long now = clock.millis();
        long until = Math.max(nextAttempt(addressKey(address), now), nextAttempt(userKey(user), now));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    private long nextAttempt(String key, long now) {
        if (key == null) {
            return 0;
        }
        Entry e = entries.get(key);
        if (e == null) {
            return 0;
        }
        if (now - e.lastFailure() > lockout.toMillis() && now >= e.nextAttempt()) {
            entries.remove(key, e); // a quiet lockout window forgives
            return 0;
        }
        return e.nextAttempt();
    }

    /** Records a failed attempt. */
    public void failed(String address, String user) {
        long now = clock.millis();
        record(addressKey(address), "source address " + address, now);
        record(userKey(user), "user '" + user + "'", now);
        if (entries.size() > MAX_ENTRIES) {
            entries.values().removeIf(e -> !e.locked());
        }
    }

    private void record(String key, String who, long now) {
        if (key == null) {
            return;
        }
        Entry e = entries.compute(key, (k, old) -> {
            int failures = old == null || now - old.lastFailure() > lockout.toMillis() ? 1 : old.failures() + 1;
            if (failures >= maxFailures) {
                return new Entry(failures, now, now + lockout.toMillis(), true);
            }
            long wait = failures < 2 ? 0 : Math.min(lockout.toMillis(), delay.toMillis() << Math.min(failures - 2, 30));
            return new Entry(failures, now, now + wait, false);
        });
        if (e.locked() && e.failures() == maxFailures) {
            // once per lockout: the count only reaches maxFailures again after the window
            log.warn("Admin login locked for {} s for {} after {} failed attempts", lockout.toSeconds(), who,
                    e.failures());
        }
    }

    /** Records a successful login: clears the counts of that address and user. */
    public void succeeded(String address, String user) {
        String a = addressKey(address);
        String u = userKey(user);
        if (a != null) {
            entries.remove(a);
        }
        if (u != null) {
            entries.remove(u);
        }
    }

    private static String addressKey(String address) {
        return address == null ? null : "address:" + address;
    }

    private static String userKey(String user) {
        return user == null || user.isEmpty() ? null : "user:" + user.toLowerCase(Locale.ROOT);
    }
}
