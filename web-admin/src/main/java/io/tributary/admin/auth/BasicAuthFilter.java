package io.tributary.admin.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.BasicAuthCredentials;

/** Lets a request through only with the admin's HTTP Basic credentials; else 401 with a challenge. */
public final class BasicAuthFilter implements Handler {
    private static final String CHALLENGE = "Basic realm=\"Tributary admin\", charset=\"UTF-8\"";

    private final AdminCredentials credentials;

    public BasicAuthFilter(AdminCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void handle(Context ctx) {
        BasicAuthCredentials presented = presented(ctx);
        if (presented == null || !credentials.verify(presented.getUsername(), presented.getPassword())) {
            ctx.header("WWW-Authenticate", CHALLENGE);
            throw new UnauthorizedResponse("authentication required");
        }
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
