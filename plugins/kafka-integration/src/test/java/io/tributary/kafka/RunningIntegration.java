package io.tributary.kafka;

import io.tributary.kafka.connectivity.WatchTiming;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ValidationInput;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives the plugin as the platform does: validate, create, start, process, stop. Fails the test
 * when the configuration does not validate or start is refused.
 */
public final class RunningIntegration implements AutoCloseable {
    /** Probes every second so tests see connectivity changes quickly. */
    public static final WatchTiming FAST =
            new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(3));

    private final Integration integration;
    private final TestContext context;

    private RunningIntegration(Integration integration, TestContext context) {
        this.integration = integration;
        this.context = context;
    }

    public static RunningIntegration start(Config config) throws Exception {
        return start(config, Map.of());
    }

    public static RunningIntegration start(Config config, Map<String, String> metadata) throws Exception {
        KafkaIntegrationPlugin plugin = new KafkaIntegrationPlugin(FAST);
        List<String> errors = new ArrayList<>();
        plugin.validate(new ValidationInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public Map<String, String> metadata() {
                return metadata;
            }
        }, (field, message) -> errors.add(field + ": " + message));
        if (!errors.isEmpty()) {
            throw new AssertionError("configuration does not validate: " + errors);
        }
        TestContext context = TestContext.of(metadata);
        Integration integration = plugin.create(new CreateInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public IntegrationContext context() {
                return context;
            }
        });
        List<String> refused = new ArrayList<>();
        integration.start(() -> context, refused::add);
        if (!refused.isEmpty()) {
            throw new AssertionError("start refused: " + refused);
        }
        return new RunningIntegration(integration, context);
    }

    public CompletableFuture<Void> process(IntegrationMessage message) {
        return integration.process(message).toCompletableFuture();
    }

    /** Processes and waits for Kafka's acknowledgment. */
    public void deliver(IntegrationMessage message) throws Exception {
        process(message).get(30, TimeUnit.SECONDS);
    }

    public RecordingEvents events() {
        return context.recorder();
    }

    public TestContext context() {
        return context;
    }

    @Override
    public void close() throws Exception {
        integration.stop(() -> Duration.ofSeconds(10));
    }
}
