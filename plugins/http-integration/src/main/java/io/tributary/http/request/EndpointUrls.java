package io.tributary.http.request;

import io.tributary.http.config.HttpSecrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What the plugin does with endpoint URLs: percent-encodes values inserted into them, checks the
 * result, and shows it without what may be secret.
 */
public final class EndpointUrls {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EndpointUrls() {
    }

    /**
     * {@code value} with every byte outside RFC 3986's unreserved characters percent-encoded
     * (UTF-8), except {@code /}: so {@code ${topic}} becomes path segments, and a space, {@code ?},
     * {@code #}, {@code &} or {@code =} in a topic cannot change the URL's structure.
     */
    public static String escape(String value) {
        StringBuilder out = null;
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean keep = b < 0x80 && (Character.isLetterOrDigit(b) || "-._~/".indexOf(b) >= 0);
            if (out == null) {
                if (keep) {
                    continue;
                }
                // first byte to encode: everything before it was ASCII and kept
                out = new StringBuilder(bytes.length + 16).append(value, 0, i);
            }
            if (keep) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return out == null ? value : out.toString();
    }

    /** Why {@code url} cannot be requested, or empty when it can. */
    public static Optional<String> problem(String url) {
        try {
            return problem(new URI(url));
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
    }

    /** Why {@code uri} cannot be requested, or empty when it can. */
    public static Optional<String> problem(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return Optional.of("must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            // the JDK client does not send them, and the URL is shown in events: a leak for nothing
            return Optional.of("must not contain credentials (user:password@); use basic authentication");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not contain a #fragment: it is never sent");
        }
        return Optional.empty();
    }

    /**
     * The name of the first query parameter of {@code url} (a template or a URL) whose value is a
     * secret by {@link HttpSecrets#QUERY_PARAMETERS}, or empty.
     */
    public static Optional<String> secretQueryParameter(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        int end = url.indexOf('#', q);
        for (String pair : url.substring(q + 1, end < 0 ? url.length() : end).split("&")) {
            String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
            if (!name.isEmpty() && HttpSecrets.QUERY_PARAMETERS.matches(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** {@code uri} with {@code parameters} appended to its query, names and values percent-encoded. */
    public static URI withQuery(URI uri, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return uri;
        }
        StringBuilder out = new StringBuilder(uri.toString());
        int fragment = out.indexOf("#");
        if (fragment >= 0) {
            out.setLength(fragment);
        }
        char separator = uri.getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            out.append(separator).append(escapeQuery(p.getKey())).append('=')
                    .append(escapeQuery(p.getValue() == null ? "" : p.getValue()));
            separator = '&';
        }
        return URI.create(out.toString());
    }

    private static String escapeQuery(String value) {
        return escape(value).replace("/", "%2F");
    }

    /** {@code scheme://host:port/path}: no query string, which may carry keys, for events and logs. */
    public static String forDisplay(URI uri) {
        StringBuilder out = new StringBuilder().append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        out.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            out.append("?…");
        }
        return out.toString();
    }
}
