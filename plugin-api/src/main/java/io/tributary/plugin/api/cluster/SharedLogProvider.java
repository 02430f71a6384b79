package io.tributary.plugin.api.cluster;

import io.tributary.plugin.api.config.FieldError;
import org.pf4j.ExtensionPoint;

import java.util.List;
import java.util.Map;

/**
 * A plugin's offer of a shared log service: named, partitioned, replicated logs that every node
 * of a cluster can append to and read from in consumer groups. The platform hands it the
 * {@code cluster.*} settings of the node; a provider owns the keys under its
 * {@linkplain #settingsPrefix() prefix} and is used when they are present.
 *
 * <p>Threading: the platform calls {@link #validate} and {@link #open} once at start, from one
 * thread, with the plugin's class loader as the thread context class loader.
 *
 * @since 0.4
 */
public interface SharedLogProvider extends ExtensionPoint {
    /** Short name for logs and the admin, e.g. {@code "stream"}. */
    String name();

    /**
     * The prefix of the keys this provider owns, e.g. {@code "cluster.stream."}; settings with it
     * turn clustering on with this provider.
     */
    String settingsPrefix();

    /**
     * Checks the settings under {@link #settingsPrefix()}: required keys, values, and keys the
     * provider does not know. Each problem names its full key ({@code cluster....}).
     *
     * @param settings every {@code cluster.*} setting of the node, full key to value
     * @return the problems; empty when {@link #open} can be called
     */
    List<FieldError> validate(Map<String, String> settings);

    /**
     * Connects to the log service with settings {@link #validate} accepted. Does not wait for the
     * service to be reachable: operations fail or wait as their javadoc says.
     */
    SharedLogs open(Map<String, String> settings);
}
