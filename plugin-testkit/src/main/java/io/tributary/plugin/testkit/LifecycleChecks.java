package io.tributary.plugin.testkit;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;

import java.time.Duration;
import java.util.Map;

/**
 * What the platform relies on around {@code start} and {@code stop}:
 * <ol>
 *   <li>{@code stop} on an instance that never started returns normally — the platform calls
 *       {@code stop} after a {@code start} that threw, prevented the start or timed out, so stop
 *       must release whatever start got to and ignore the rest;</li>
 *   <li>{@code stop} is idempotent: a second call returns normally;</li>
 *   <li>instances are independent: after one instance stopped, a new instance from
 *       {@code create} starts and stops again (the platform creates a new instance for every
 *       start: update, restart, retry after failure) — no static "already started" state, no
 *       resource still held.</li>
 * </ol>
 * {@code start} is never called twice on one instance, so that is not checked.
 */
final class LifecycleChecks {
    private LifecycleChecks() {
    }

    static void assertStartStopIdempotent(InstalledType type, Config config, Map<String, String> metadata,
                                          PluginCalls calls, Duration timeout) {
        IntegrationInstance neverStarted = IntegrationInstance.create(type, config, metadata, calls, timeout);
        stop(neverStarted, type, "stop() on an integration that was never started",
                "The platform calls stop() after start() threw, prevented the start or timed out: stop() must "
                        + "release whatever start() got to and ignore the rest.");

        IntegrationInstance first = IntegrationInstance.create(type, config, metadata, calls, timeout);
        first.start();
        stop(first, type, "stop()", "stop() must release every resource and return normally.");
        stop(first, type, "stop() called a second time",
                "stop() must be idempotent: release resources once, then return normally.");

        IntegrationInstance second = IntegrationInstance.create(type, config, metadata, calls, timeout);
        try {
            second.start();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nThis was a new instance started after the previous one "
                    + "stopped: instances must not share state (statics, ports, files) across a stop.", e);
        }
        stop(second, type, "stop() of a second instance", "stop() must release every resource and return normally.");
    }

    private static void stop(IntegrationInstance instance, InstalledType type, String what, String rule) {
        try {
            instance.stop();
        } catch (AssertionError e) {
            throw new AssertionError(type.type() + ": " + what + ": " + e.getMessage() + "\n" + rule, e);
        } catch (Exception | LinkageError e) {
            throw new AssertionError(type.type() + ": " + what + " threw " + e + "\n" + rule, e);
        }
    }
}
