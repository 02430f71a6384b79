package io.tributary.integration.runtime;

import io.tributary.integration.events.EventRecorder;
import io.tributary.integration.source.IntegrationPublisher;
import io.tributary.metrics.PluginMeters;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.metrics.Metrics;
import io.tributary.plugin.api.runtime.EventReporter;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.source.MessagePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * What a running integration knows about itself; its error and connectivity reports land here.
 * A change of connectivity is the one log line an outage makes (the client libraries' own
 * warnings go to DEBUG, see {@code io.tributary.logging.ClientChatterFilter}): WARN when the
 * destination becomes unreachable, INFO when it is reachable (again) or fails for a new reason.
 */
final class PluginContext implements IntegrationContext, EventReporter {
    private final String id;
    private final String name;
    private final String type;
    private final Map<String, String> metadata;
    private final String nodeId;
    private final EventRecorder events;
    private final Logger logger;
    private final IntegrationPublisher publisher;
    private final PluginMeters metrics;
    /** Guarded by this. */
    private Boolean connected;
    private volatile String connectivityDetail;

    /**
     * @param type      the integration's type id, for the log
     * @param publisher this run's way into the broker, or {@code null} for none (publishes are refused)
     * @param metrics   this run's meters, or {@code null} for none (registrations go nowhere)
     */
    PluginContext(String id, String name, String type, Map<String, String> metadata, String nodeId,
                  EventRecorder events, IntegrationPublisher publisher, PluginMeters metrics) {
        this.metrics = metrics;
        this.publisher = publisher;
        this.id = id;
        this.name = name;
        this.type = type;
        this.metadata = Map.copyOf(metadata);
        this.nodeId = nodeId;
        this.events = events;
        this.logger = LoggerFactory.getLogger("integration." + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    @Override
    public String integrationId() {
        return id;
    }

    @Override
    public String integrationName() {
        return name;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String brokerNodeId() {
        return nodeId;
    }

    @Override
    public String executorNodeId() {
        return nodeId;
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public EventReporter events() {
        return this;
    }

    @Override
    public MessagePublisher publisher() {
        return publisher != null ? publisher : IntegrationContext.super.publisher();
    }

    @Override
    public Metrics metrics() {
        return metrics != null ? metrics : Metrics.NONE;
    }

    /** After the plugin stopped: its meters are removed. */
    void closeMetrics() {
        if (metrics != null) {
            metrics.close();
        }
    }

    /** After the plugin stopped: publishes from a thread it left behind are refused. */
    void closePublisher() {
        if (publisher != null) {
            publisher.close();
        }
    }

    @Override
    public void error(String message, Throwable cause) {
        events.error(id, "PLUGIN", describe(message, cause), null, null);
    }

    @Override
    public void error(IntegrationMessage context, String message, Throwable cause) {
        events.error(id, "PLUGIN", describe(message, cause), context == null ? null : context.topic(),
                context == null ? null : context.clientId());
    }

    @Override
    public void connectivity(boolean isConnected, String detail) {
        Boolean was;
        String before;
        synchronized (this) {
            was = connected;
            before = connectivityDetail;
            connected = isConnected;
            connectivityDetail = detail;
        }
        String why = detail == null || detail.isBlank() ? "" : ": " + detail;
        if (!isConnected && !Boolean.FALSE.equals(was)) {
            logger.warn("Integration '{}' ({}): destination unreachable{}", name, type, why);
        } else if (!isConnected && !java.util.Objects.equals(before, detail)) {
            logger.info("Integration '{}' ({}): destination still unreachable{}", name, type, why);
        } else if (isConnected && was == null) {
            logger.info("Integration '{}' ({}): destination reachable{}", name, type, why);
        } else if (isConnected && !was) {
            logger.info("Integration '{}' ({}): destination reachable again{}", name, type, why);
        }
    }

    synchronized Boolean connected() {
        return connected;
    }

    String connectivityDetail() {
        return connectivityDetail;
    }

    static String describe(String message, Throwable cause) {
        if (cause == null) {
            return message;
        }
        String causeText = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return message == null || message.isBlank() ? causeText : message + ": " + causeText;
    }
}
