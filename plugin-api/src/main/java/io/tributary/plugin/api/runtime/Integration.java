package io.tributary.plugin.api.runtime;

import io.tributary.plugin.api.message.IntegrationMessage;

import java.util.concurrent.CompletionStage;

/**
 * A running integration created by {@link io.tributary.plugin.api.IntegrationPlugin#create}.
 *
 * <p>Lifecycle: {@link #start} once, then any number of {@link #process} calls (possibly from
 * several platform threads at once, never before start or after stop), then {@link #stop}. The
 * platform creates a new instance for every start and never starts one instance twice.
 * The platform stores messages in the integration's durable log, retries failures, times out
 * stuck calls and counts statistics; the integration only delivers. Delivery is at least once:
 * after a restart, a stop or a crash, messages delivered but not yet committed are passed to
 * {@link #process} again, so a destination that must not see duplicates has to tolerate them
 * (an idempotent producer, a key to upsert by).
 *
 * @since 0.1
 */
public interface Integration {

    /**
     * Connects to the external system. Throwing, or calling {@link StartOutput#preventStart},
     * marks the integration FAILED with the reason; the platform retries later with backoff.
     */
    void start(StartInput input, StartOutput output) throws Exception;

    /**
     * Delivers one message. Return quickly: the returned stage completes when the external
     * system has the message, or completes exceptionally when delivery failed. Throwing is
     * treated like an exceptional completion. Must not block the calling thread for long.
     */
    CompletionStage<Void> process(IntegrationMessage message);

    /**
     * Releases every resource: clients, threads, executors. After it returns no thread of this
     * integration may still run, or the plugin's class loader cannot be freed. The platform also
     * calls stop after start threw, prevented the start or timed out, so release whatever start
     * acquired and ignore the rest; a second call must return normally.
     */
    void stop(StopInput input) throws Exception;
}
