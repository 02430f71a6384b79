package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.metrics.Metrics;
import io.tributary.plugin.api.runtime.EventReporter;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.source.MessagePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The context the kit gives an integration: a fresh id, the given metadata, and every event the
 * plugin reports recorded in {@link #recorded()}. Public so that a plugin's own unit tests can
 * create their integration with it instead of writing a context of their own:
 * <pre>{@code
 * KitContext ctx = new KitContext("KAFKA", Map.of("site", "a"));
 * Integration integration = new MyIntegration(settings, ctx);
 * ...
 * assertThat(ctx.recorded().errors()).isEmpty();
 * }</pre>
 * or hand it to {@link RunningIntegration#start(io.tributary.plugin.api.IntegrationPlugin, Map, KitContext)}.
 * Where the plugin writes its integration's name or node ids (the seed's JSON record does), fix
 * them with {@link #named} and {@link #nodeIds} before the plugin sees the context.
 *
 * @since 0.2
 */
public final class KitContext implements IntegrationContext, EventReporter {
    /** The broker and executor node id the context reports. */
    public static final String NODE_ID = "testkit-node";

    private final String id = UUID.randomUUID().toString();
    private final Map<String, String> metadata;
    // settable before use only; volatile because plugin threads read them
    private volatile String name;
    private volatile String brokerNodeId = NODE_ID;
    private volatile String executorNodeId = NODE_ID;
    private final RecordedEvents recorded = new RecordedEvents();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final String type;
    private volatile RecordingMetrics meters;

    /** A context for an integration of {@code type} (used in its name) with {@code metadata}. */
    public KitContext(String type, Map<String, String> metadata) {
        this.type = type;
        this.name = "testkit-" + type.toLowerCase() + "-" + id.substring(0, 8);
        this.metadata = Map.copyOf(metadata);
    }

    /**
     * Names the integration (default {@code testkit-<type>-<8 hex>}), e.g. {@code "Kafka integration"}
     * as in the seed's walkthrough, or a name the plugin must cope with. Returns this context.
     */
    public KitContext named(String integrationName) {
        this.name = Objects.requireNonNull(integrationName, "integrationName");
        return this;
    }

    /**
     * The node ids the context reports (both {@value #NODE_ID} by default); give two different
     * ones to see that the plugin writes each where it belongs. Returns this context.
     */
    public KitContext nodeIds(String brokerNodeId, String executorNodeId) {
        this.brokerNodeId = Objects.requireNonNull(brokerNodeId, "brokerNodeId");
        this.executorNodeId = Objects.requireNonNull(executorNodeId, "executorNodeId");
        return this;
    }

    /** The errors and connectivity changes the plugin reported through this context. */
    public RecordedEvents recorded() {
        return recorded;
    }

    /** The recording broker behind {@link #publisher()}: what a source integration published. */
    public RecordingPublisher published() {
        return publisher;
    }

    /**
     * The meters the integration registered through {@link #metrics()}, readable by the test
     * (tagged with this context's name and type as the platform tags them).
     *
     * @since 0.3
     */
    public RecordingMetrics meters() {
        RecordingMetrics m = meters;
        if (m == null) {
            synchronized (this) {
                if (meters == null) {
                    meters = new RecordingMetrics(name, type);
                }
                m = meters;
            }
        }
        return m;
    }

    @Override
    public Metrics metrics() {
        return meters();
    }

    @Override
    public MessagePublisher publisher() {
        return publisher;
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
        return brokerNodeId;
    }

    @Override
    public String executorNodeId() {
        return executorNodeId;
    }

    @Override
    public Logger logger() {
        // named as the platform names it: integration.<name, other characters as _>
        return LoggerFactory.getLogger("integration." + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    @Override
    public EventReporter events() {
        return this;
    }

    @Override
    public void error(String message, Throwable cause) {
        recorded.error(null, message, cause);
    }

    @Override
    public void error(IntegrationMessage context, String message, Throwable cause) {
        recorded.error(context == null ? null : context.topic(), message, cause);
    }

    @Override
    public void connectivity(boolean connected, String detail) {
        recorded.connectivity(connected, detail);
    }
}
