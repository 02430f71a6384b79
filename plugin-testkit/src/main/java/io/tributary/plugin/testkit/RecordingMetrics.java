package io.tributary.plugin.testkit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.metrics.PluginMeters;
import io.tributary.plugin.api.metrics.Counter;
import io.tributary.plugin.api.metrics.Metrics;
import io.tributary.plugin.api.metrics.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;

/**
 * The meters an integration registers through {@link KitContext#metrics()}, kept so that a test
 * can read them. Registration goes through the platform's own implementation, so a name or tag
 * the platform would refuse fails here too (an {@link IllegalArgumentException} in the plugin).
 * Thread-safe.
 *
 * <pre>{@code
 * KitContext ctx = new KitContext("KAFKA", Map.of());
 * try (RunningIntegration it = RunningIntegration.start(new KafkaIntegrationPlugin(), config, ctx)) {
 *     it.deliver(SampleMessages.temperature("tbmq/kafka"), Duration.ofSeconds(10));
 *     assertThat(ctx.meters().value("kafka_producer_buffer_available_bytes")).isPositive();
 * }
 * }</pre>
 *
 * @since 0.3
 */
public final class RecordingMetrics implements Metrics {
    private static final String PREFIX = "tributary.plugin.";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PluginMeters meters;

    /** Meters of integration {@code integrationName} of type {@code type}. */
    public RecordingMetrics(String integrationName, String type) {
        this.meters = new PluginMeters(registry, integrationName, type);
    }

    @Override
    public Counter counter(String name, String description, String... tags) {
        return meters.counter(name, description, tags);
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        meters.gauge(name, description, value, tags);
    }

    @Override
    public Timer timer(String name, String description, String... tags) {
        return meters.timer(name, description, tags);
    }

    /** Names registered so far (as the plugin gave them, without the platform's prefix). */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Meter m : registry.getMeters()) {
            names.add(m.getId().getName().substring(PREFIX.length()));
        }
        return names;
    }

    /**
     * The value of meter {@code name} with the given extra tags (pairs, as registered): a
     * counter's total, a gauge's value read now, a timer's count of recordings.
     *
     * @throws AssertionError when no such meter was registered
     */
    public double value(String name, String... tags) {
        Meter m = find(name, tags);
        if (m instanceof io.micrometer.core.instrument.Counter c) {
            return c.count();
        }
        if (m instanceof io.micrometer.core.instrument.Gauge g) {
            return g.value();
        }
        if (m instanceof io.micrometer.core.instrument.Timer t) {
            return t.count();
        }
        throw new AssertionError("unexpected meter " + m.getId());
    }

    /** The description the plugin gave meter {@code name}. */
    public String description(String name, String... tags) {
        return find(name, tags).getId().getDescription();
    }

    /** The tags the platform adds (integration, type) plus the plugin's own, of meter {@code name}. */
    public List<String> tags(String name, String... tags) {
        List<String> out = new ArrayList<>();
        for (Tag t : find(name, tags).getId().getTags()) {
            out.add(t.getKey() + "=" + t.getValue());
        }
        return out;
    }

    /** Removes every meter, as the platform does when the integration stops. */
    public void removeAll() {
        meters.close();
    }

    private Meter find(String name, String... tags) {
        Meter m = registry.find(PREFIX + name).tags(tags).meter();
        if (m == null) {
            throw new AssertionError("no meter " + name + (tags.length == 0 ? "" : " " + List.of(tags))
                    + " registered; registered: " + names());
        }
        return m;
    }
}
