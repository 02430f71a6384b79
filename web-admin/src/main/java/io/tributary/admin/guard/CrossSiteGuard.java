package io.tributary.admin.guard;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Refuses requests that change something and may come from another site's page, whatever
 * credentials the browser attaches on its own (cached HTTP Basic, the session cookie):
 *
 * <ul>
 * <li>{@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}: 403;</li>
 * <li>an {@code Origin} that is not this server (the {@code Host} or {@code X-Forwarded-Host}
 *     the request was sent to): 403;</li>
 * <li>on {@code /api}, a body that a plain HTML form could send: JSON routes need
 *     {@code Content-Type: application/json} (415 otherwise), and the multipart plugin upload needs
 *     the header {@value #UPLOAD_HEADER} (or the session's CSRF header), which no form can set and a
 *     cross-site script cannot send without a CORS preflight that this server never grants.</li>
 * </ul>
 *
 * The UI's own forms are same-origin and carry their session's CSRF token (see AccessFilter).
 */
public final class CrossSiteGuard implements Handler {
    /** Header a script must send with a multipart upload to {@code /api/plugins}. */
    public static final String UPLOAD_HEADER = "X-Requested-With";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void handle(Context ctx) {
        if (SAFE_METHODS.contains(ctx.method().name())) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            throw new ForbiddenResponse("Cross-site request refused (Sec-Fetch-Site: " + site + ")");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !isOwnOrigin(origin, ctx)) {
            throw new ForbiddenResponse("Cross-site request refused: Origin " + origin + " is not this server");
        }
        String path = ctx.path();
        if (path.equals("/api") || path.startsWith("/api/")) {
            checkApiBody(ctx);
        }
    }

    private static void checkApiBody(Context ctx) {
        String type = mediaType(ctx.contentType());
        if (type == null) {
            if (ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null) {
                throw unsupported();
            }
            return; // no body (enable, disable, delete...): nothing a form would have to send
        }
        if (type.equals("application/json")) {
            return;
        }
        if (type.equals("multipart/form-data") && RequestLimits.isUpload(ctx)) {
            if (ctx.header(UPLOAD_HEADER) == null && ctx.header("X-CSRF-Token") == null) {
                throw new HttpResponseException(HttpStatus.BAD_REQUEST, "A multipart upload needs the header "
                        + UPLOAD_HEADER + " (any value), e.g. curl -H '" + UPLOAD_HEADER + ": curl'", Map.of());
            }
            return;
        }
        throw unsupported();
    }

    private static HttpResponseException unsupported() {
        return new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the request body as JSON with Content-Type: application/json", Map.of());
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The origin's host and port are those the request was addressed to (directly or via a proxy). */
    static boolean isOwnOrigin(String origin, Context ctx) {
        String authority;
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getHost() == null) {
                return false; // "null" (sandboxed frame, file:) and garbage
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            authority = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return false;
        }
        return authority.equals(normalized(ctx.header("Host"), ctx.scheme()))
                || authority.equals(normalized(firstOf(ctx.header("X-Forwarded-Host")), forwardedScheme(ctx)));
    }

    private static String forwardedScheme(Context ctx) {
        String proto = firstOf(ctx.header("X-Forwarded-Proto"));
        return proto == null ? ctx.scheme() : proto;
    }

    private static String firstOf(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }

    private static String normalized(String host, String scheme) {
        if (host == null || host.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create("x://" + host.trim());
            if (uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80;
            return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
