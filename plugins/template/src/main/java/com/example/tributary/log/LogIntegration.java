package com.example.tributary.log;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import org.slf4j.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running integration of {@link LogIntegrationPlugin}'s type. The pattern every plugin follows:
 * <ul>
 *   <li>{@code start} acquires resources (a real plugin connects its client here);</li>
 *   <li>{@code process} never blocks: it returns a stage completed when the message is delivered
 *       (at once here; a real plugin completes it from its client's callback);</li>
 *   <li>{@code stop} releases everything start acquired, copes with a start that never
 *       happened or failed half-way, and may be called twice.</li>
 * </ul>
 */
final class LogIntegration implements Integration {
    private final IntegrationContext context;
    private final Logger log;
    private final LineFormat format;
    private final long summarySeconds;
    private final AtomicLong count = new AtomicLong();
    private volatile ScheduledExecutorService summary;

    LogIntegration(Config config, IntegrationContext context) {
        this.context = context;
        this.log = context.logger();
        this.format = new LineFormat(config.getString(LogIntegrationPlugin.FORMAT),
                config.getInt(LogIntegrationPlugin.PAYLOAD_LIMIT, 256));
        this.summarySeconds = config.getLong(LogIntegrationPlugin.SUMMARY_SECONDS, 60);
    }

    @Override
    public void start(StartInput input, StartOutput output) {
        if (summarySeconds > 0) {
            summary = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "log-integration-summary-" + context.integrationName());
                t.setDaemon(true);
                return t;
            });
            summary.scheduleAtFixedRate(() -> log.info("{} messages so far", count.get()),
                    summarySeconds, summarySeconds, TimeUnit.SECONDS);
        }
        // shown as the integration's status detail in the admin
        context.events().connectivity(true, "logging to " + log.getName());
    }

    @Override
    public CompletionStage<Void> process(IntegrationMessage message) {
        log.info(format.render(message));
        count.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void stop(StopInput input) throws InterruptedException {
        ScheduledExecutorService executor = summary;
        summary = null;
        if (executor != null) {
            executor.shutdownNow();
            // the platform frees the plugin's class loader only when no thread of ours is left
            if (!executor.awaitTermination(input.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Summary thread did not stop within {}", input.timeout());
            }
        }
        log.info("Stopped after {} messages", count.get());
    }
}
