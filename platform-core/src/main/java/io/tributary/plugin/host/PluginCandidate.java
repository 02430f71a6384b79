package io.tributary.plugin.host;

import java.nio.file.Path;
import java.util.List;

/**
 * A plugin archive that passed every check in a trial load: it can be loaded as it is.
 *
 * @param id      PF4J plugin id
 * @param version plugin version
 * @param types   integration type ids it provides
 * @param archive the checked archive
 */
public record PluginCandidate(String id, String version, List<String> types, Path archive) {
    public PluginCandidate {
        types = List.copyOf(types);
    }
}
