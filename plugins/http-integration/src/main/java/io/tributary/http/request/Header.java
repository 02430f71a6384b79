package io.tributary.http.request;

/**
 * One request header.
 *
 * @param name  header name
 * @param value header value, as sent (may be a secret)
 */
public record Header(String name, String value) {
}
