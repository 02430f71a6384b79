package io.tributary.plugin.api.runtime;

import io.tributary.plugin.api.config.Config;

/**
 * What {@link io.tributary.plugin.api.IntegrationPlugin#create} gets.
 *
 * @since 0.1
 */
public interface CreateInput {
    /** Validated configuration ({@code clientConfiguration}), defaults applied, secrets in clear. */
    Config config();

    IntegrationContext context();
}
