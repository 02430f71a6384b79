package io.tributary.admin.guard;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;

import java.util.Map;
import java.util.Set;

/**
 * Request body limits by route, checked on the declared length before anything reads the body:
 * {@value #LOGIN_MAX_BYTES} bytes for {@code /login} (unauthenticated), the plugin upload limit only
 * on the upload routes, and a moderate limit everywhere else. Bodies without a declared length
 * (chunked) are only taken by the upload routes; Javalin's own limit caps what they read.
 */
public final class RequestLimits implements Handler {
    /** Largest login form. */
    public static final long LOGIN_MAX_BYTES = 8 * 1024;
    /** Routes that take a plugin archive. */
    public static final Set<String> UPLOAD_PATHS = Set.of("/api/plugins", "/plugins/upload");

    private final long defaultMaxBytes;
    private final long uploadMaxBytes;

    /**
     * @param defaultMaxBytes limit of JSON and form routes
     * @param uploadMaxBytes  limit of the plugin upload routes
     */
    public RequestLimits(long defaultMaxBytes, long uploadMaxBytes) {
        this.defaultMaxBytes = defaultMaxBytes;
        this.uploadMaxBytes = uploadMaxBytes;
    }

    /** True for a POST to a plugin upload route. */
    public static boolean isUpload(Context ctx) {
        return "POST".equals(ctx.method().name()) && UPLOAD_PATHS.contains(ctx.path());
    }

    /** The limit of the request's route. */
    public long limit(Context ctx) {
        if (isUpload(ctx)) {
            return uploadMaxBytes;
        }
        return ctx.path().equals("/login") ? LOGIN_MAX_BYTES : defaultMaxBytes;
    }

    @Override
    public void handle(Context ctx) {
        long limit = limit(ctx);
        long length = ctx.contentLength();
        if (length > limit) {
            throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE,
                    "Request body too large: " + length + " bytes, this route takes at most " + limit, Map.of());
        }
        String encoding = ctx.header("Transfer-Encoding");
        if (length < 0 && encoding != null && !encoding.equalsIgnoreCase("identity") && !isUpload(ctx)) {
            throw new HttpResponseException(HttpStatus.LENGTH_REQUIRED,
                    "Send the request body with a Content-Length (at most " + limit + " bytes)", Map.of());
        }
    }
}
