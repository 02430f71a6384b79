package io.tributary.plugin.host;

import java.util.Objects;

/**
 * A plugin archive was refused before anything changed: no file was kept in the plugins
 * directory and no plugin was loaded or unloaded. {@link #getMessage()} says why in words an
 * operator can act on; {@link #reason()} classifies it for the API.
 */
public final class PluginRejectedException extends RuntimeException {
    /** Why an archive was refused. */
    public enum Reason {
        /** The file name does not end in {@code .zip} or {@code .jar}, or is not a plain file name. */
        NOT_AN_ARCHIVE,
        /** The archive cannot be read as a zip (truncated, not a zip at all). */
        CORRUPT_ARCHIVE,
        /** An entry would be written outside the plugin's folder (absolute path, {@code ..}): zip-slip. */
        UNSAFE_ENTRY,
        /** {@code plugin.properties} (or the jar manifest's {@code Plugin-*} entries) is missing or invalid. */
        INVALID_DESCRIPTOR,
        /** {@code plugin.requires} does not accept this platform's version. */
        INCOMPATIBLE_PLATFORM,
        /** A plugin with this id is already installed at the same or a newer version, or is disabled. */
        DUPLICATE_PLUGIN,
        /** An integration type id is already provided by another plugin. */
        DUPLICATE_TYPE,
        /** A class of the plugin cannot be loaded, initialised or instantiated. */
        CLASS_LOADING,
        /** The plugin provides no usable {@code IntegrationPlugin} extension. */
        NO_INTEGRATION_TYPE
    }

    private final Reason reason;
    private final String archive;

    /**
     * @param reason  classification
     * @param archive the archive's file name as the operator gave it
     * @param message what is wrong, without the file name
     */
    public PluginRejectedException(Reason reason, String archive, String message) {
        this(reason, archive, message, null);
    }

    public PluginRejectedException(Reason reason, String archive, String message, Throwable cause) {
        super(archive + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.archive = archive;
    }

    public Reason reason() {
        return reason;
    }

    /** The archive's file name. */
    public String archive() {
        return archive;
    }

    /** True when the same archive may be accepted later without changing it (it clashed with another plugin). */
    public boolean dependsOnOtherPlugins() {
        return reason == Reason.DUPLICATE_PLUGIN || reason == Reason.DUPLICATE_TYPE;
    }
}
