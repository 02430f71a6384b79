package io.tributary.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.plugin.api.metrics.Counter;
import io.tributary.plugin.api.metrics.Metrics;
import io.tributary.plugin.api.metrics.Timer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * One running integration's own meters ({@link Metrics} of the plugin API) in the platform's
 * registry: named {@code tributary.plugin.<name>} (Prometheus {@code tributary_plugin_<name>}),
 * tagged with the integration's name and type. {@link #close()} removes them all (the integration
 * stopped); registrations after that are not exported.
 */
public final class PluginMeters implements Metrics, AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,99}");
    private static final Set<String> RESERVED = Set.of("integration", "type", "node");

    private final MeterRegistry registry;
    private final Tags base;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Meters of integration {@code integration} of type {@code type}. */
    public PluginMeters(MeterRegistry registry, String integration, String type) {
        this.registry = registry;
        this.base = Tags.of("integration", integration, "type", type);
    }

    @Override
    public Counter counter(String name, String description, String... tags) {
        io.micrometer.core.instrument.Counter c = io.micrometer.core.instrument.Counter.builder(meterName(name))
                .description(description).tags(tags(tags)).register(registry);
        track(c);
        return amount -> {
            if (amount > 0) {
                c.increment(amount);
            }
        };
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        Tags all = tags(tags);
        track(Gauge.builder(meterName(name), () -> read(value)).description(description).tags(all)
                .strongReference(true).register(registry));
    }

    @Override
    public Timer timer(String name, String description, String... tags) {
        io.micrometer.core.instrument.Timer t = io.micrometer.core.instrument.Timer.builder(meterName(name))
                .description(description).tags(tags(tags)).serviceLevelObjectives(LatencyBuckets.bounds())
                .register(registry);
        track(t);
        return nanos -> t.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Removes every meter registered so far; later registrations are dropped at once. */
    @Override
    public void close() {
        closed = true;
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }

    /** Meters currently registered through this facade. */
    public int size() {
        return meters.size();
    }

    private void track(Meter meter) {
        if (!meters.contains(meter)) {
            meters.add(meter);
        }
        if (closed) {
            // registered by a thread the plugin left behind after stop: not exported
            registry.remove(meter);
            meters.remove(meter);
        }
    }

    private static Number read(DoubleSupplier value) {
        try {
            return value.getAsDouble();
        } catch (RuntimeException | LinkageError e) {
            return Double.NaN;
        }
    }

    private static String meterName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("meter name must be lower snake case ([a-z][a-z0-9_]*), got " + name);
        }
        return "tributary.plugin." + name;
    }

    private Tags tags(String... pairs) {
        if (pairs == null || pairs.length == 0) {
            return base;
        }
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("tags come in key, value pairs");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == null || pairs[i + 1] == null || !NAME.matcher(pairs[i]).matches()) {
                throw new IllegalArgumentException("tag key must be lower snake case and values not null");
            }
            if (RESERVED.contains(pairs[i])) {
                throw new IllegalArgumentException("tag key " + pairs[i] + " is the platform's");
            }
        }
        return base.and(pairs);
    }
}
