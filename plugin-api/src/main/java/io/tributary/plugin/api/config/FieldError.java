package io.tributary.plugin.api.config;

/**
 * A problem with one field of a configuration.
 *
 * @param field   field name (for nested values the platform prefixes the path)
 * @param message what is wrong, for the operator, e.g. "port must be 1-65535"
 * @since 0.1
 */
public record FieldError(String field, String message) {
}
