package io.tributary.http;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.EventReporter;
import io.tributary.plugin.api.runtime.IntegrationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The platform's side of a running integration, recording what the integration reports. */
public final class TestContext implements IntegrationContext, EventReporter {
    public static final String BROKER_NODE = "tbmq_node";
    public static final String EXECUTOR_NODE = "tbmq_ie_node";
    public static final String NAME = "HTTP integration";

    private final String id = UUID.randomUUID().toString();
    private final Map<String, String> metadata;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> connectivity = new CopyOnWriteArrayList<>();

    public TestContext(Map<String, String> metadata) {
        this.metadata = Map.copyOf(metadata);
    }

    public TestContext() {
        this(Map.of());
    }

    @Override
    public String integrationId() {
        return id;
    }

    @Override
    public String integrationName() {
        return NAME;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String brokerNodeId() {
        return BROKER_NODE;
    }

    @Override
    public String executorNodeId() {
        return EXECUTOR_NODE;
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("integration." + id);
    }

    @Override
    public EventReporter events() {
        return this;
    }

    @Override
    public void error(String message, Throwable cause) {
        errors.add(message + (cause == null ? "" : " | " + cause));
    }

    @Override
    public void error(IntegrationMessage context, String message, Throwable cause) {
        error(context.topic() + ": " + message, cause);
    }

    @Override
    public void connectivity(boolean connected, String detail) {
        connectivity.add((connected ? "connected: " : "disconnected: ") + detail);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** "connected: detail" / "disconnected: detail", in order. */
    public List<String> connectivity() {
        return List.copyOf(connectivity);
    }
}
