package io.tributary.http.request;

import io.tributary.integration.commons.record.UnsendableMessageException;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * The request for one message, before it becomes a JDK {@link HttpRequest}: what is sent and
 * what a check shows.
 *
 * @param method  POST or PUT
 * @param uri     expanded endpoint URL
 * @param headers headers in the order sent, including Content-Type and Authorization
 * @param body    body bytes: the JSON record or the raw payload
 */
public record OutgoingRequest(String method, URI uri, List<Header> headers, byte[] body) {
    public OutgoingRequest {
        headers = List.copyOf(headers);
    }

    /**
     * The JDK request; {@code timeout} bounds the wait for the response headers.
     *
     * @throws UnsendableMessageException when the JDK refuses a header value
     */
    public HttpRequest toHttpRequest(Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (Header h : headers) {
            try {
                b.header(h.name(), h.value());
            } catch (IllegalArgumentException e) {
                throw new UnsendableMessageException("header '" + h.name() + "' has a value the HTTP client refuses");
            }
        }
        return b.build();
    }

    /** A HEAD request to the same URL with the same headers except the body's (for checks). */
    public HttpRequest toHeadRequest(Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase("Content-Type")) {
                b.header(h.name(), h.value());
            }
        }
        return b.build();
    }
}
