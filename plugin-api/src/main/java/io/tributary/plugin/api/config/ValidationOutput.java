package io.tributary.plugin.api.config;

/**
 * Where {@link io.tributary.plugin.api.IntegrationPlugin#validate} reports problems.
 *
 * @since 0.1
 */
public interface ValidationOutput {
    /** Reports that {@code field} is invalid; call once per problem. */
    void error(String field, String message);
}
