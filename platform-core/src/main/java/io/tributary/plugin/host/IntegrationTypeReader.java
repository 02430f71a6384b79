package io.tributary.plugin.host;

import io.tributary.plugin.api.Direction;
import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.config.ConfigSchema;
import org.pf4j.PluginWrapper;

import java.util.regex.Pattern;

/**
 * Reads what the catalog keeps about an {@link IntegrationPlugin} extension — type id, names,
 * version, schema and direction — once, at load, with the plugin's loader as context class loader.
 */
final class IntegrationTypeReader {
    static final Pattern TYPE_ID = Pattern.compile("[A-Z][A-Z0-9_]*");

    private IntegrationTypeReader() {
    }

    /**
     * @throws IllegalArgumentException with the reason when the extension declares no usable type;
     *                                  anything else the plugin's code throws passes through
     */
    static InstalledType read(IntegrationPlugin extension, PluginWrapper plugin) throws Exception {
        return read(extension, plugin.getPluginId(), plugin.getDescriptor().getVersion(), plugin.getPluginClassLoader());
    }

    static InstalledType read(IntegrationPlugin extension, String pluginId, String pluginVersion, ClassLoader loader)
            throws Exception {
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            String type = extension.type();
            if (type == null || !TYPE_ID.matcher(type).matches()) {
                throw new IllegalArgumentException("type id '" + type + "' must match " + TYPE_ID.pattern());
            }
            ConfigSchema schema = extension.configSchema();
            if (schema == null) {
                throw new IllegalArgumentException("type " + type + " has no config schema");
            }
            String version = extension.version();
            if (version == null || version.isBlank()) {
                version = pluginVersion;
            }
            String displayName = extension.displayName();
            // a plugin built for API 0.1 gets the interface's default: a sink
            Direction direction = extension.direction() == Direction.SOURCE ? Direction.SOURCE : Direction.SINK;
            return new InstalledType(type, displayName == null || displayName.isBlank() ? type : displayName,
                    extension.description() == null ? "" : extension.description(), version,
                    pluginId, schema, direction, extension, loader);
        }
    }
}
