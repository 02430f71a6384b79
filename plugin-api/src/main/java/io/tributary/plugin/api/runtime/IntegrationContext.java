package io.tributary.plugin.api.runtime;

import io.tributary.plugin.api.metrics.Metrics;
import io.tributary.plugin.api.source.MessagePublisher;
import io.tributary.plugin.api.source.PublishException;
import org.slf4j.Logger;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Who the integration is and where it runs. Implemented by the platform.
 *
 * @since 0.1
 */
public interface IntegrationContext {
    /** Integration id (a UUID string). */
    String integrationId();

    /** Integration name chosen by the operator. */
    String integrationName();

    /** The integration's metadata map, read-only. */
    Map<String, String> metadata();

    /** Id of the broker node that receives MQTT messages. */
    String brokerNodeId();

    /** Id of the node executing integrations (the same process today). */
    String executorNodeId();

    /** Logger named after the integration; never log secrets. */
    Logger logger();

    /** Reports errors and connectivity for the integration's Events and status. */
    EventReporter events();

    /**
     * Publishes messages into the broker on behalf of this integration: the source side of the
     * API, for integrations whose type is a {@link io.tributary.plugin.api.Direction#SOURCE}.
     * Valid from {@code start} until {@code stop} returns; publishes after the integration
     * stopped complete exceptionally with {@link PublishException.Reason#NOT_RUNNING}. The
     * default (a platform older than 0.2) accepts nothing.
     *
     * @since 0.2
     */
    default MessagePublisher publisher() {
        return message -> CompletableFuture.failedFuture(new PublishException(PublishException.Reason.NOT_RUNNING,
                "this platform does not accept messages from integrations"));
    }

    /**
     * Where the integration registers meters of its own (a client library's metrics, its own
     * counters), exported with the platform's as {@code tributary_plugin_<name>} labelled with
     * this integration's name and type. Valid from {@code start} until {@code stop} returns; the
     * meters are removed when the integration stops. The default (a platform older than 0.3)
     * records nothing.
     *
     * @since 0.3
     */
    default Metrics metrics() {
        return Metrics.NONE;
    }
}
