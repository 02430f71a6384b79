package io.tributary.plugin.host;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.config.ConfigSchema;

/**
 * An integration type provided by a loaded plugin.
 *
 * @param type        type id, e.g. KAFKA
 * @param displayName name shown to operators
 * @param description one or two sentences
 * @param version     type version (the plugin's when the type gives none)
 * @param pluginId    PF4J plugin id
 * @param schema      configuration schema (read once at load)
 * @param plugin      the extension instance
 * @param classLoader the plugin's class loader: set as thread context loader around plugin calls
 */
public record InstalledType(String type, String displayName, String description, String version, String pluginId,
                            ConfigSchema schema, IntegrationPlugin plugin, ClassLoader classLoader) {
}
