package io.tributary.admin.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the admin UI, in memory: a random token in an HttpOnly, SameSite=Strict
 * cookie, and a CSRF token per session that every form post must echo. Sessions end on logout,
 * after {@link #IDLE_TIMEOUT} without a request, and when the password changes. A restart logs
 * everyone out (acceptable for one admin user).
 */
public final class AdminSessions {
    /** Name of the session cookie. */
    public static final String COOKIE = "tributary_session";
    /** Form field carrying the CSRF token. */
    public static final String CSRF_FIELD = "_csrf";
    /** Header carrying the CSRF token (htmx and fetch requests). */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final Duration IDLE_TIMEOUT = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One logged-in browser. */
    public static final class Session {
        private final String token;
        private final String csrfToken;
        private volatile long lastSeen;
        private volatile String flash;

        Session(String token, String csrfToken, long now) {
            this.token = token;
            this.csrfToken = csrfToken;
            this.lastSeen = now;
        }

        /** The token forms must send back in {@value #CSRF_FIELD} (or the {@value #CSRF_HEADER} header). */
        public String csrfToken() {
            return csrfToken;
        }

        /** Keeps a one-time notice for the next page (e.g. "Integration created"). */
        public void flash(String notice) {
            this.flash = notice;
        }

        /** The notice kept by {@link #flash}, once. */
        public String takeFlash() {
            String f = flash;
            flash = null;
            return f;
        }

        /** True when {@code presented} is this session's CSRF token; constant time. */
        public boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrfToken.getBytes(), presented.getBytes());
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public AdminSessions() {
        this(Clock.systemUTC());
    }

    AdminSessions(Clock clock) {
        this.clock = clock;
    }

    /** Starts a session and sets its cookie. */
    public Session login(Context ctx) {
        Optional.ofNullable(ctx.cookie(COOKIE)).ifPresent(sessions::remove); // no session fixation
        Session s = new Session(randomToken(), randomToken(), clock.millis());
        sessions.put(s.token, s);
        Cookie cookie = new Cookie(COOKIE, s.token, "/", -1, isSecure(ctx), true, null, SameSite.STRICT);
        ctx.cookie(cookie);
        return s;
    }

    /** The request's live session, refreshed, if any. */
    public Optional<Session> current(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        long now = clock.millis();
        if (s == null || now - s.lastSeen > IDLE_TIMEOUT.toMillis()) {
            if (s != null) {
                sessions.remove(token);
            }
            return Optional.empty();
        }
        s.lastSeen = now;
        return Optional.of(s);
    }

    /** Ends the request's session and clears its cookie. */
    public void logout(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token != null) {
            sessions.remove(token);
        }
        ctx.removeCookie(COOKIE, "/");
    }

    /** Ends every session but {@code keep} (after a password change). */
    public void endOthers(Session keep) {
        sessions.values().removeIf(s -> s != keep);
    }

    /** A fresh random token, URL-safe (also used for the login form's CSRF cookie). */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean isSecure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme());
    }
}
