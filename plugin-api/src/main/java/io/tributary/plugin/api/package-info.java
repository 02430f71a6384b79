/**
 * The contract between the Tributary platform and integration plugins.
 *
 * <p>A plugin contributes one or more {@link io.tributary.plugin.api.IntegrationPlugin}
 * extensions. Each declares its configuration with
 * {@link io.tributary.plugin.api.config.ConfigSchema}, validates cross-field rules, and creates
 * {@link io.tributary.plugin.api.runtime.Integration} instances that receive
 * {@link io.tributary.plugin.api.message.IntegrationMessage}s. Queues, retries and statistics
 * belong to the platform.
 *
 * <p>Types here are plain Java (no Netty, Jackson or database types) and entry points take input
 * objects so that later versions can add parameters without breaking plugins.
 *
 * @since 0.1
 */
package io.tributary.plugin.api;
