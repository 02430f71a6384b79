package io.tributary.plugin.api.config;

/**
 * What {@link io.tributary.plugin.api.IntegrationPlugin#validate} gets.
 *
 * @since 0.1
 */
public interface ValidationInput {
    /** The configuration, already valid against the schema, defaults applied. */
    Config config();

    /** The integration's metadata map (integration level, not plugin fields). */
    java.util.Map<String, String> metadata();
}
