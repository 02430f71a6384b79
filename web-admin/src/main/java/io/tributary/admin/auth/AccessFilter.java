package io.tributary.admin.auth;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.RedirectResponse;
import io.javalin.http.UnauthorizedResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Runs before every request. Pages need a session: without one a GET is redirected to the login
 * page and anything else answers 401. {@code /api} accepts a session or HTTP Basic. Every request
 * that changes something with a session must carry the session's CSRF token (form field
 * {@value AdminSessions#CSRF_FIELD} or header {@value AdminSessions#CSRF_HEADER}), else 403.
 * Public: the login page, static assets, the health probes and (unless {@code metrics.auth=true})
 * {@code /metrics}; with {@code metrics.auth=true} {@code /metrics} takes a session or HTTP Basic like
 * {@code /api}.
 */
public final class AccessFilter implements Handler {
    /** Request attribute holding the {@link AdminSessions.Session} of a logged-in browser. */
    public static final String SESSION_ATTRIBUTE = "tributary.session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final AdminSessions sessions;
    private final BasicAuthFilter basic;
    private final boolean metricsAuth;

    /** With {@code /metrics} public. */
    public AccessFilter(AdminSessions sessions, AdminCredentials credentials, LoginThrottle throttle) {
        this(sessions, credentials, throttle, false);
    }

    /** @param metricsAuth {@code metrics.auth}: {@code /metrics} needs a session or HTTP Basic */
    public AccessFilter(AdminSessions sessions, AdminCredentials credentials, LoginThrottle throttle,
                        boolean metricsAuth) {
        this.sessions = sessions;
        this.basic = new BasicAuthFilter(credentials, throttle);
        this.metricsAuth = metricsAuth;
    }

    /**
     * Paths served without a session by default: the login form, static assets, the health probes
     * (systemd and Kubernetes have no credentials) and {@code /metrics}.
     */
    public static boolean isPublic(String path) {
        return path.equals("/login") || path.startsWith("/static/") || path.startsWith("/webjars/")
                || path.equals("/favicon.ico") || path.equals("/health/live") || path.equals("/health/ready")
                || path.equals("/metrics");
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String path = ctx.path();
        boolean metrics = path.equals("/metrics");
        if (isPublic(path) && !(metrics && metricsAuth)) {
            return;
        }
        // a scraper is a script: Basic (or a session), never the login page
        boolean api = path.equals("/api") || path.startsWith("/api/") || metrics;
        if (api && hasBasicHeader(ctx)) {
            basic.handle(ctx); // scripts: Basic wins over a browser session
            return;
        }
        AdminSessions.Session session = sessions.current(ctx).orElse(null);
        if (session != null) {
            if (!SAFE_METHODS.contains(ctx.method().name()) && !session.csrfMatches(csrf(ctx))) {
                throw new ForbiddenResponse("CSRF token missing or wrong: reload the page and try again");
            }
            ctx.attribute(SESSION_ATTRIBUTE, session);
            return;
        }
        if (api) {
            basic.handle(ctx); // 401 with the Basic challenge
            return;
        }
        if (ctx.header("HX-Request") != null) {
            ctx.header("HX-Redirect", "/login");
            throw new UnauthorizedResponse("log in first");
        }
        if (SAFE_METHODS.contains(ctx.method().name())) {
            String target = ctx.queryString() == null ? path : path + "?" + ctx.queryString();
            ctx.header("Location", "/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            throw new RedirectResponse(HttpStatus.FOUND, "log in first");
        }
        throw new UnauthorizedResponse("log in first");
    }

    private static boolean hasBasicHeader(Context ctx) {
        String h = ctx.header("Authorization");
        return h != null && h.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private static String csrf(Context ctx) {
        String header = ctx.header(AdminSessions.CSRF_HEADER);
        if (header != null) {
            return header;
        }
        String type = ctx.contentType();
        boolean form = type != null && (type.startsWith("application/x-www-form-urlencoded")
                || type.startsWith("multipart/form-data"));
        return form ? ctx.formParam(AdminSessions.CSRF_FIELD) : null;
    }
}
