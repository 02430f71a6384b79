package io.tributary.http.request;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/** Which header names a request may carry, by the JDK client's own rules. */
public final class HeaderNames {
    private static final URI ANY = URI.create("http://localhost/");

    private HeaderNames() {
    }

    /** Why the header {@code name} cannot be configured, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("header names must not be blank");
        }
        if (!name.chars().allMatch(c -> c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0)) {
            return Optional.of("'" + name + "' is not a valid header name");
        }
        try {
            HttpRequest.newBuilder(ANY).header(name, "x");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            // Host, Connection, Content-Length, Expect, Upgrade...
            return Optional.of("'" + name + "' is set by the HTTP client itself and cannot be configured");
        }
    }

    /** True for a header value the client can send: no line breaks or other control characters. */
    public static boolean isValidValue(String value) {
        return value.chars().allMatch(c -> c == '\t' || (c >= 32 && c != 127));
    }
}
