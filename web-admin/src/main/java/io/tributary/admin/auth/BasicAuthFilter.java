package io.tributary.admin.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.BasicAuthCredentials;

import java.time.Duration;
import java.util.Map;

/**
 * Lets a request through only with the admin's HTTP Basic credentials; else 401 with a challenge.
 * Wrong credentials count against the {@link LoginThrottle}; while throttled, 429 with
 * {@code Retry-After} and the password is not checked.
 */
public final class BasicAuthFilter implements Handler {
    private static final String CHALLENGE = "Basic realm=\"Tributary admin\", charset=\"UTF-8\"";

    private final AdminCredentials credentials;
    private final LoginThrottle throttle;

    public BasicAuthFilter(AdminCredentials credentials, LoginThrottle throttle) {
        this.credentials = credentials;
        this.throttle = throttle;
    }

    @Override
    public void handle(Context ctx) {
        BasicAuthCredentials presented = presented(ctx);
        if (presented == null) {
            ctx.header("WWW-Authenticate", CHALLENGE);
            throw new UnauthorizedResponse("authentication required");
        }
        String user = presented.getUsername();
        throttle.waitFor(ctx.ip(), user).ifPresent(wait -> {
            throw tooManyAttempts(ctx, wait);
        });
        if (!credentials.verify(user, presented.getPassword())) {
            throttle.failed(ctx.ip(), user);
            ctx.header("WWW-Authenticate", CHALLENGE);
            throw new UnauthorizedResponse("authentication required");
        }
        throttle.succeeded(ctx.ip(), user);
    }

    /** 429 with {@code Retry-After} in whole seconds. */
    public static HttpResponseException tooManyAttempts(Context ctx, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        ctx.header("Retry-After", String.valueOf(seconds));
        return new HttpResponseException(HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed logins: try again in " + seconds + " s", Map.of());
    }

    private static BasicAuthCredentials presented(Context ctx) {
        try {
            return ctx.basicAuthCredentials();
        } catch (RuntimeException e) {
            // malformed header (bad base64, no colon): same answer as no credentials
            return null;
        }
    }
}
