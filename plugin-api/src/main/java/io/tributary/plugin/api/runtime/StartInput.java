package io.tributary.plugin.api.runtime;

/**
 * What {@link Integration#start} gets.
 *
 * @since 0.1
 */
public interface StartInput {
    IntegrationContext context();
}
