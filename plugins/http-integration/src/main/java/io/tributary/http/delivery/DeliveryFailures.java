package io.tributary.http.delivery;

import io.tributary.http.config.HttpSecrets;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.http.request.EndpointUrls;
import io.tributary.plugin.api.runtime.PermanentFailure;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * What the platform gets for a request that did not succeed: a {@link PermanentFailure} when
 * sending the same request again cannot help (the endpoint refused it: 4xx, or redirected it),
 * any other exception — retried by the platform — for 5xx, 408, 429, timeouts and transport
 * errors. Texts name the status, the endpoint without its query, and the start of the response
 * body, secrets masked.
 */
final class DeliveryFailures {
    private DeliveryFailures() {
    }

    /** {@code null} for a 2xx response, else the failure to complete the message with. */
    static RuntimeException forResponse(HttpResponse<String> response, Redactor redactor) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return null;
        }
        StringBuilder text = new StringBuilder("HTTP ").append(status).append(" from ")
                .append(response.request().method()).append(' ').append(EndpointUrls.forDisplay(response.request().uri()));
        if (status / 100 == 3) {
            text.append(" (redirects are not followed; configure the final URL");
            response.headers().firstValue("Location").ifPresent(l -> text.append(": ").append(l));
            text.append(')');
        }
        String body = response.body();
        if (body != null && !body.isEmpty()) {
            text.append(": ").append(body);
        }
        String message = redactor.redact(text.toString());
        return isRetryable(status) ? new HttpStatusException(message) : new PermanentFailure(message);
    }

    /** 5xx, and the two 4xx that say "later": 408 Request Timeout and 429 Too Many Requests. */
    static boolean isRetryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** The failure for a request that got no response; always retried. */
    static RuntimeException forTransport(Throwable error, String method, URI uri, Redactor redactor) {
        Throwable e = unwrap(error);
        String target = method + " " + EndpointUrls.forDisplay(uri);
        if (e instanceof CancellationException) {
            return new DeliveryException(target + ": cancelled, the integration stopped");
        }
        if (e instanceof HttpTimeoutException) {
            return new DeliveryException(target + ": no response within the request timeout (" + e.getMessage() + ")");
        }
        return new DeliveryException(target + " failed: " + redactor.describe(e));
    }

    /** True when the request was cancelled by closing the client, not failed by the endpoint. */
    static boolean isCancellation(Throwable error) {
        return unwrap(error) instanceof CancellationException;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** A response whose status means "try again later". */
    static final class HttpStatusException extends RuntimeException {
        HttpStatusException(String message) {
            super(message);
        }
    }

    /** A request that got no response: unreachable, refused, timed out, TLS failed. */
    static final class DeliveryException extends RuntimeException {
        DeliveryException(String message) {
            super(message);
        }
    }
}
