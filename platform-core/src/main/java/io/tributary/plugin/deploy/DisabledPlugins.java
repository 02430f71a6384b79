package io.tributary.plugin.deploy;

import io.tributary.config.StoredSettings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plugins an operator disabled, with the integration types they provided (so integrations
 * of a disabled plugin say "plugin disabled" even after a restart, when the plugin is not
 * loaded). Kept in the settings table under {@value #KEY}, one {@code id=TYPE,TYPE} per line;
 * without a repository (tests) only in memory.
 */
public final class DisabledPlugins {
    static final String KEY = "plugins.disabled";

    private final StoredSettings settings;
    private final Map<String, List<String>> disabled = new LinkedHashMap<>();

    /** @param settings where to keep them, or {@code null} to keep them in memory only */
    public DisabledPlugins(StoredSettings settings) {
        this.settings = settings;
        if (settings != null) {
            settings.get(KEY).ifPresent(this::parse);
        }
    }

    /** In memory only. */
    public static DisabledPlugins inMemory() {
        return new DisabledPlugins(null);
    }

    public synchronized boolean contains(String pluginId) {
        return disabled.containsKey(pluginId);
    }

    /** The types the disabled plugin provided. */
    public synchronized Optional<List<String>> types(String pluginId) {
        return Optional.ofNullable(disabled.get(pluginId));
    }

    public synchronized Map<String, List<String>> all() {
        return Map.copyOf(disabled);
    }

    public synchronized void add(String pluginId, List<String> types) {
        disabled.put(pluginId, List.copyOf(types));
        save();
    }

    /** False when it was not disabled. */
    public synchronized boolean remove(String pluginId) {
        boolean removed = disabled.remove(pluginId) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    private void parse(String text) {
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String types = line.substring(eq + 1).trim();
            disabled.put(line.substring(0, eq).trim(),
                    types.isEmpty() ? List.of() : Arrays.stream(types.split(",")).map(String::trim).toList());
        }
    }

    private void save() {
        if (settings == null) {
            return;
        }
        if (disabled.isEmpty()) {
            settings.remove(KEY);
            return;
        }
        settings.put(KEY, disabled.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                .collect(Collectors.joining("\n")));
    }
}
