package io.tributary.http;

import io.tributary.http.config.HttpSettings;
import io.tributary.http.delivery.HttpIntegration;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.tributary.http.TestConfigs.config;

/** An {@link HttpIntegration} started with a test context; stopping it is closing it. */
public final class RunningIntegration implements AutoCloseable {
    private final HttpIntegration integration;
    private final TestContext context;

    private RunningIntegration(HttpIntegration integration, TestContext context) {
        this.integration = integration;
        this.context = context;
    }

    /** Starts with {@code keyValues} over the defaults; fails the test when start refuses. */
    public static RunningIntegration start(TestContext context, Object... keyValues) {
        HttpIntegration integration = new HttpIntegration(HttpSettings.from(config(keyValues)));
        StringBuilder refused = new StringBuilder();
        integration.start(() -> context, refused::append);
        if (!refused.isEmpty()) {
            throw new AssertionError("start refused: " + refused);
        }
        return new RunningIntegration(integration, context);
    }

    public static RunningIntegration start(Object... keyValues) {
        return start(new TestContext(), keyValues);
    }

    public TestContext context() {
        return context;
    }

    public CompletableFuture<Void> process(IntegrationMessage message) {
        return integration.process(message).toCompletableFuture();
    }

    /** Processes {@code message}: {@code null} on success, else the failure the platform would get. */
    public Throwable outcome(IntegrationMessage message, Duration within) throws Exception {
        try {
            process(message).get(within.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            return c instanceof CompletionException && c.getCause() != null ? c.getCause() : c;
        }
    }

    public void stop() {
        integration.stop(() -> Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        stop();
    }
}
