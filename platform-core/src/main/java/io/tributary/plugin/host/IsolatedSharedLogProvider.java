package io.tributary.plugin.host;

import io.tributary.plugin.api.cluster.SharedLogProvider;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.plugin.api.config.FieldError;

import java.util.List;
import java.util.Map;

/**
 * A plugin's shared log provider called with the plugin's class loader as the context loader
 * (client libraries resolve configured classes through it), as every call into a plugin is.
 */
final class IsolatedSharedLogProvider implements SharedLogProvider {
    private final SharedLogProvider provider;
    private final ClassLoader loader;

    IsolatedSharedLogProvider(SharedLogProvider provider, ClassLoader loader) {
        this.provider = provider;
        this.loader = loader;
    }

    @Override
    public String name() {
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            return provider.name();
        }
    }

    @Override
    public String settingsPrefix() {
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            return provider.settingsPrefix();
        }
    }

    @Override
    public List<FieldError> validate(Map<String, String> settings) {
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            return List.copyOf(provider.validate(Map.copyOf(settings)));
        }
    }

    @Override
    public SharedLogs open(Map<String, String> settings) {
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            return provider.open(Map.copyOf(settings));
        }
    }
}
