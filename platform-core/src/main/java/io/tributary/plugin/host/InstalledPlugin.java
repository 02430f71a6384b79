package io.tributary.plugin.host;

import java.util.List;

/**
 * A plugin as listed by the API: loaded plugins, and archives in the plugins directory that are
 * not loaded because they are disabled or were refused.
 *
 * @param id      PF4J plugin id (the archive's file name when a refused archive has no readable id)
 * @param version plugin version ("" when unknown)
 * @param state   PF4J state (STARTED, STOPPED, FAILED...), {@value #DISABLED} when an operator
 *                disabled it, {@value #REJECTED} when the archive was refused
 * @param types   integration type ids it provides (a disabled plugin: the ones it provided)
 * @param path    archive it was loaded from
 * @param detail  why it is rejected, else {@code null}
 */
public record InstalledPlugin(String id, String version, String state, List<String> types, String path,
                              String detail) {
    /** State of a plugin an operator disabled: its archive stays, it is not loaded. */
    public static final String DISABLED = "DISABLED";
    /** State of an archive in the plugins directory that was refused (see {@link #detail}). */
    public static final String REJECTED = "REJECTED";

    public InstalledPlugin {
        types = List.copyOf(types);
    }

    public InstalledPlugin(String id, String version, String state, List<String> types, String path) {
        this(id, version, state, types, path, null);
    }
}
