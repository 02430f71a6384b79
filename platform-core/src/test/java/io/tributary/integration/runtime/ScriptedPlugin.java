package io.tributary.integration.runtime;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import io.tributary.plugin.host.InstalledType;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An integration plugin whose behaviour a test scripts: what start does and what each
 * process call returns. Loaded directly (not through PF4J): runtime tests are about queues,
 * retries and isolation; the PF4J path has its own tests.
 */
final class ScriptedPlugin implements IntegrationPlugin {
    final List<IntegrationMessage> received = new CopyOnWriteArrayList<>();
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    volatile Function<Integer, String> onStart = attempt -> null;
    /** Called on start with the integration's context (e.g. to register meters). */
    volatile java.util.function.Consumer<io.tributary.plugin.api.runtime.IntegrationContext> withContext = c -> {
    };
    /** In-flight window asked for on start; 0 asks for nothing. */
    volatile int maxInFlight;
    volatile Function<IntegrationMessage, CompletionStage<Void>> onProcess =
            m -> CompletableFuture.completedFuture(null);

    @Override
    public String type() {
        return "SCRIPTED";
    }

    @Override
    public String displayName() {
        return "Scripted";
    }

    @Override
    public String description() {
        return "Test plugin";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder().build();
    }

    @Override
    public Integration create(CreateInput input) {
        return new Integration() {
            @Override
            public void start(StartInput in, StartOutput out) {
                withContext.accept(in.context());
                String problem = onStart.apply(starts.incrementAndGet());
                if ("throw".equals(problem)) {
                    throw new IllegalStateException("cannot reach the external system");
                }
                if (problem != null) {
                    out.preventStart(problem);
                }
                out.maxInFlight(maxInFlight);
            }

            @Override
            public CompletionStage<Void> process(IntegrationMessage message) {
                received.add(message);
                return onProcess.apply(message);
            }

            @Override
            public void stop(StopInput in) {
                stops.incrementAndGet();
            }
        };
    }

    InstalledType installed() {
        return InstalledType.of(this, "scripted", "1", getClass().getClassLoader());
    }
}
