package io.tributary.admin.ui.login;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.tributary.admin.auth.AdminCredentials;
import io.tributary.admin.auth.AdminSessions;
import io.tributary.admin.auth.LoginThrottle;
import io.tributary.admin.ui.Chrome;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.admin.ui.forms.FormErrors;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;

/**
 * Login, logout and password change. The login form has no session yet, so its CSRF protection
 * is a double-submit token: a random cookie that the form must repeat.
 */
public final class LoginController {
    private static final String LOGIN_COOKIE = "tributary_login";
    private static final String DEFAULT_NEXT = "/";

    private final AdminCredentials credentials;
    private final LoginThrottle throttle;
    private final AdminSessions sessions;
    private final Templates templates;
    private final Ui ui;

    public LoginController(AdminCredentials credentials, LoginThrottle throttle, AdminSessions sessions,
                           Templates templates, Ui ui) {
        this.credentials = credentials;
        this.throttle = throttle;
        this.sessions = sessions;
        this.templates = templates;
        this.ui = ui;
    }

    /** The admin user's name. */
    public String username() {
        return credentials.username();
    }

    public void register(RoutesConfig routes) {
        routes.get("/login", ctx -> loginPage(ctx, credentials.username(), null, 200));
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
        routes.get("/account/password", ctx -> passwordPage(ctx, FormErrors.none(), 200));
        routes.post("/account/password", this::changePassword);
    }

    private void loginPage(Context ctx, String username, String error, int status) {
        if (sessions.current(ctx).isPresent() && error == null) {
            ctx.redirect(safeNext(ctx.queryParam("next")), HttpStatus.FOUND);
            return;
        }
        String csrf = AdminSessions.randomToken();
        ctx.cookie(new Cookie(LOGIN_COOKIE, csrf, "/login", -1, "https".equalsIgnoreCase(ctx.scheme()), true, null,
                SameSite.STRICT));
        String next = ctx.formParam("next") != null ? ctx.formParam("next") : ctx.queryParam("next");
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", new Chrome("Log in", "none", null, null, null));
        model.put("csrf", csrf);
        model.put("next", safeNext(next));
        model.put("username", username);
        model.put("error", error);
        ctx.status(status);
        templates.html(ctx, "login/login.jte", model);
    }

    private void login(Context ctx) {
        String cookie = ctx.cookie(LOGIN_COOKIE);
        String presented = ctx.formParam(AdminSessions.CSRF_FIELD);
        String username = ctx.formParam("username");
        if (cookie == null || presented == null || !MessageDigest.isEqual(cookie.getBytes(), presented.getBytes())) {
            loginPage(ctx, username, "The form expired. Please log in again.", 403);
            return;
        }
        Optional<Duration> wait = throttle.waitFor(ctx.ip(), username);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            loginPage(ctx, username, "Too many failed logins. Try again in " + seconds + " seconds.", 429);
            return;
        }
        if (!credentials.verify(username, ctx.formParam("password"))) {
            throttle.failed(ctx.ip(), username);
            loginPage(ctx, username, "Wrong user name or password.", 401);
            return;
        }
        throttle.succeeded(ctx.ip(), username);
        ctx.removeCookie(LOGIN_COOKIE, "/login");
        sessions.login(ctx);
        ctx.redirect(safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        sessions.logout(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void passwordPage(Context ctx, FormErrors errors, int status) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", ui.chrome(ctx, "Change password", "account"));
        model.put("errors", errors);
        model.put("minLength", AdminCredentials.MIN_PASSWORD_LENGTH);
        ctx.status(status);
        templates.html(ctx, "login/password.jte", model);
    }

    private void changePassword(Context ctx) {
        String next = ctx.formParam("newPassword");
        if (next == null || !next.equals(ctx.formParam("confirmPassword"))) {
            passwordPage(ctx, FormErrors.none().add("confirmPassword", "The two new passwords differ"), 400);
            return;
        }
        try {
            credentials.changePassword(ctx.formParam("currentPassword"), next);
        } catch (AdminCredentials.PasswordChangeException e) {
            passwordPage(ctx, FormErrors.none().add(e.field(), e.getMessage()), 400);
            return;
        }
        sessions.endOthers(Ui.session(ctx));
        Ui.redirect(ctx, "/", "Password changed. Other sessions were logged out.");
    }

    /**
     * Only paths of this server, so the login page cannot send anyone elsewhere (open redirect):
     * one leading {@code /} followed by a path character. Browsers drop tabs and newlines from
     * URLs and read {@code \\} as {@code /}, so {@code /\t/evil.com} and {@code /\\evil.com} would
     * become {@code //evil.com}; any control character, backslash or encoded slash/backslash at
     * the start refuses the value.
     */
    static String safeNext(String next) {
        if (next == null || next.length() > 2048 || !next.startsWith("/") || next.startsWith("/login")) {
            return DEFAULT_NEXT;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return DEFAULT_NEXT;
            }
        }
        String second = next.length() > 1 ? next.substring(1) : "";
        String lower = second.toLowerCase(java.util.Locale.ROOT);
        if (second.startsWith("/") || lower.startsWith("%2f") || lower.startsWith("%5c") || lower.startsWith("%09")
                || lower.startsWith("%0a") || lower.startsWith("%0d") || lower.startsWith("%2e%2e")) {
            return DEFAULT_NEXT;
        }
        return next;
    }
}
