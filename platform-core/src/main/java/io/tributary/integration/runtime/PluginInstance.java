package io.tributary.integration.runtime;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.api.runtime.StartInput;
import io.tributary.plugin.api.runtime.StartOutput;
import io.tributary.plugin.api.runtime.StopInput;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.IsolatedIntegration;
import io.tributary.plugin.host.PluginCallException;

import java.time.Duration;

/**
 * One created plugin integration, through its isolated handle: start and stop run with
 * a timeout on the handle's threads, so a plugin that throws or hangs there only fails its own
 * integration.
 */
final class PluginInstance {
    private final IsolatedIntegration integration;
    private final PluginContext context;
    private volatile int requestedMaxInFlight;

    private PluginInstance(IsolatedIntegration integration, PluginContext context) {
        this.integration = integration;
        this.context = context;
    }

    /** @throws PluginCallException when the plugin's {@code create} throws or returns nothing */
    static PluginInstance create(InstalledType type, Config config, PluginContext context) {
        CreateInput input = new CreateInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public IntegrationContext context() {
                return context;
            }
        };
        return new PluginInstance(type.create(input), context);
    }

    IsolatedIntegration integration() {
        return integration;
    }

    /** The in-flight window the plugin asked for when it started, or 0 for the platform's. */
    int requestedMaxInFlight() {
        return requestedMaxInFlight;
    }

    PluginContext context() {
        return context;
    }

    /**
     * Starts the plugin.
     *
     * @return {@code null} when started, else the reason it did not
     */
    String start(Duration timeout) {
        String[] prevented = new String[1];
        StartInput in = () -> context;
        StartOutput out = new StartOutput() {
            @Override
            public void preventStart(String reason) {
                prevented[0] = reason == null || reason.isBlank() ? "start prevented" : reason;
            }

            @Override
            public void maxInFlight(int messages) {
                if (messages > 0) {
                    requestedMaxInFlight = messages;
                }
            }
        };
        try {
            integration.start(in, out, timeout);
        } catch (PluginCallException e) {
            return e.getMessage();
        }
        return prevented[0];
    }

    /** Stops the plugin; returns an error text or {@code null}. */
    String stop(Duration timeout) {
        StopInput in = () -> timeout;
        try {
            integration.stop(in, timeout);
            return null;
        } catch (PluginCallException e) {
            return e.getMessage();
        }
    }
}
