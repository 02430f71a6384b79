package io.tributary.plugin.api.runtime;

import io.tributary.plugin.api.message.IntegrationMessage;

/**
 * Reports what operators should see in the integration's Errors tab and status. The platform
 * records lifecycle events and statistics itself; plugins report errors and connectivity.
 * Events are rate-limited and truncated by the platform. Never put secrets in a message.
 *
 * @since 0.1
 */
public interface EventReporter {
    /** An error not tied to one message (e.g. the cluster is unreachable). */
    void error(String message, Throwable cause);

    /** An error while handling {@code context}; topic and client id are recorded with it. */
    void error(IntegrationMessage context, String message, Throwable cause);

    /**
     * Current connectivity to the external system, shown as the status detail.
     *
     * @param connected true when the external system is reachable
     * @param detail    short explanation (last error when disconnected), or {@code null}
     */
    void connectivity(boolean connected, String detail);
}
