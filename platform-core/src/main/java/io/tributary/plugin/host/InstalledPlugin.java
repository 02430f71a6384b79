package io.tributary.plugin.host;

import java.util.List;

/**
 * A plugin as listed by the API.
 *
 * @param id      PF4J plugin id
 * @param version plugin version
 * @param state   PF4J state (STARTED, STOPPED, DISABLED, FAILED...)
 * @param types   integration type ids it provides
 * @param path    archive it was loaded from
 */
public record InstalledPlugin(String id, String version, String state, List<String> types, String path) {
}
