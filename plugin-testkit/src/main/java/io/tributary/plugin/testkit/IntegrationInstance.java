package io.tributary.plugin.testkit;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.IsolatedIntegration;
import io.tributary.plugin.host.PluginCallException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One integration created by the plugin, driven as the platform drives it: through the host's
 * isolated handle, every call on a kit thread with a time limit.
 */
final class IntegrationInstance {
    private final InstalledType type;
    private final KitContext context;
    private final PluginCalls calls;
    private final Duration timeout;
    private IsolatedIntegration integration;

    private IntegrationInstance(InstalledType type, KitContext context, PluginCalls calls, Duration timeout) {
        this.type = type;
        this.context = context;
        this.calls = calls;
        this.timeout = timeout;
    }

    /** Calls {@code create}; fails the check when it throws or returns null. */
    static IntegrationInstance create(InstalledType type, Config config, Map<String, String> metadata,
                                      PluginCalls calls, Duration timeout) {
        return create(type, config, new KitContext(type.type(), metadata), calls, timeout);
    }

    /** Calls {@code create} with the given context. */
    static IntegrationInstance create(InstalledType type, Config config, KitContext context, PluginCalls calls,
                                      Duration timeout) {
        IntegrationInstance instance = new IntegrationInstance(type, context, calls, timeout);
        CreateInput input = new CreateInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public IntegrationContext context() {
                return instance.context;
            }
        };
        try {
            instance.integration = calls.call("create()", timeout, () -> type.create(input));
        } catch (AssertionError e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new AssertionError(type.type() + ": create() threw " + e, e);
        }
        if (instance.integration == null) {
            throw new AssertionError(type.type() + ": create() returned null");
        }
        return instance;
    }

    KitContext context() {
        return context;
    }

    /** Calls {@code start}; fails the check when it throws, prevents the start or hangs. */
    void start() {
        String[] prevented = new String[1];
        StartInput in = () -> context;
        StartOutput out = reason -> prevented[0] = reason == null ? "(no reason given)" : reason;
        try {
            calls.call("start()", timeout, () -> {
                integration.start(in, out);
                return null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(type.type() + ": " + e.getMessage(), e);
        } catch (Exception | LinkageError e) {
            throw new AssertionError(type.type() + ": start() with the valid configuration threw " + e
                    + errorsReported(), e);
        }
        if (prevented[0] != null) {
            throw new AssertionError(type.type() + ": start() with the valid configuration prevented the start: "
                    + prevented[0] + errorsReported());
        }
    }

    /**
     * Calls {@code stop}; what the plugin throws passes through, a hang fails the check. The
     * plugin is told half the call timeout, so one that waits its full budget still returns in time.
     */
    void stop() throws Exception {
        Duration budget = timeout.dividedBy(2);
        StopInput in = () -> budget;
        calls.call("stop()", timeout, () -> {
            integration.stop(in);
            return null;
        });
    }

    /**
     * Calls {@code process}. A throw becomes a failed stage (as on the platform); blocking the
     * calling thread for longer than the kit's timeout fails the check.
     */
    CompletableFuture<Void> process(IntegrationMessage message) {
        CompletionStage<Void> stage;
        try {
            stage = calls.call("process()", timeout, () -> integration.process(message));
        } catch (AssertionError e) {
            throw new AssertionError(type.type() + ": " + e.getMessage()
                    + "\nprocess() must return at once and complete its stage later", e);
        } catch (Exception | LinkageError e) {
            return CompletableFuture.failedFuture(e);
        }
        if (returnedNull(stage)) {
            throw new AssertionError(type.type() + ": process() returned null instead of a CompletionStage");
        }
        // whenComplete works for any CompletionStage, even one whose toCompletableFuture is unsupported
        CompletableFuture<Void> done = new CompletableFuture<>();
        stage.whenComplete((v, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** The handle turns a {@code null} stage into one failed with a {@link PluginCallException} without cause. */
    private static boolean returnedNull(CompletionStage<Void> stage) {
        if (stage instanceof CompletableFuture<Void> f && f.isCompletedExceptionally()) {
            try {
                f.join();
            } catch (CompletionException e) {
                return e.getCause() instanceof PluginCallException call && call.getCause() == null;
            }
        }
        return false;
    }

    /** Drops the reference to the plugin's object (so its class loader can be freed). */
    void forget() {
        integration = null;
    }

    private String errorsReported() {
        var errors = context.recorded().errors();
        return errors.isEmpty() ? "" : "\nErrors it reported: " + errors;
    }
}
