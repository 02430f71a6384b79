package io.tributary.platform;

import io.tributary.cluster.NodeRole;
import io.tributary.config.ConfigException;
import io.tributary.plugin.api.cluster.SharedLogProvider;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.plugin.api.config.FieldError;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a node's {@code cluster.*} settings into the cluster's shared log: the loaded plugin whose
 * settings prefix the keys fall under checks them and connects. No settings: a single process,
 * exactly as without clustering. Every problem is a {@link ConfigException} naming the key.
 */
final class ClusterSetup {
    private ClusterSetup() {
    }

    /**
     * @param settings  the {@code cluster.*} settings, full key to value
     * @param roles     {@code node.roles}: one role alone needs a cluster
     * @param providers the shared log providers of the loaded plugins
     * @return the open shared logs, or empty when the settings are empty
     */
    static Optional<SharedLogs> open(Map<String, String> settings, Set<NodeRole> roles,
                                            List<SharedLogProvider> providers) {
        if (settings.isEmpty()) {
            if (!roles.containsAll(EnumSet.allOf(NodeRole.class))) {
                throw new ConfigException("node.roles=" + roles.stream().map(NodeRole::label)
                        .collect(Collectors.joining(",")) + " needs a cluster: a node with one role hands messages "
                        + "to the others over a shared log; set the cluster.* settings of the plugin that provides "
                        + "it, or node.roles=broker,executor");
            }
            return Optional.empty();
        }
        String names = providers.isEmpty() ? "none loaded" : providers.stream()
                .map(p -> p.name() + " (" + p.settingsPrefix() + "*)").collect(Collectors.joining(", "));
        SharedLogProvider chosen = null;
        for (String key : settings.keySet()) {
            SharedLogProvider owner = providers.stream().filter(p -> key.startsWith(p.settingsPrefix()))
                    .findFirst().orElse(null);
            if (owner == null) {
                throw new ConfigException("Unknown configuration key '" + key + "': no loaded plugin provides a "
                        + "shared log with such settings; shared log plugins: " + names);
            }
            if (chosen != null && chosen != owner) {
                throw new ConfigException("Configuration key '" + key + "' is for shared log " + owner.name()
                        + ", others for " + chosen.name() + ": a cluster uses one");
            }
            chosen = owner;
        }
        List<FieldError> errors = chosen.validate(settings);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors.stream().map(e -> e.field() + " " + e.message())
                    .collect(Collectors.joining("; ")));
        }
        return Optional.of(chosen.open(settings));
    }
}
