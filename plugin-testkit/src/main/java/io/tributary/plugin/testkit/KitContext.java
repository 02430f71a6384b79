package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.EventReporter;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.source.MessagePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
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
 *
 * @since 0.2
 */
public final class KitContext implements IntegrationContext, EventReporter {
    /** The broker and executor node id the context reports. */
    public static final String NODE_ID = "testkit-node";

    private final String id = UUID.randomUUID().toString();
    private final String name;
    private final Map<String, String> metadata;
    private final Logger logger;
    private final RecordedEvents recorded = new RecordedEvents();
    private final RecordingPublisher publisher = new RecordingPublisher();

    /** A context for an integration of {@code type} (used in its name) with {@code metadata}. */
    public KitContext(String type, Map<String, String> metadata) {
        this.name = "testkit-" + type.toLowerCase() + "-" + id.substring(0, 8);
        this.metadata = Map.copyOf(metadata);
        this.logger = LoggerFactory.getLogger("integration." + name);
    }

    /** The errors and connectivity changes the plugin reported through this context. */
    public RecordedEvents recorded() {
        return recorded;
    }

    RecordingPublisher published() {
        return publisher;
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
        return NODE_ID;
    }

    @Override
    public String executorNodeId() {
        return NODE_ID;
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
