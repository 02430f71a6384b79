package io.tributary.integration.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tributary.integration.IntegrationStatus;
import io.tributary.metrics.LatencyBuckets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * One integration's meters, labelled {@code integration=<name>, type=<type id>}: function
 * counters and gauges that read the slot's {@link IntegrationStats} and {@link IntegrationChannel}
 * when scraped (nothing extra per message), and the delivery latency timer the delivery loop
 * records into. Rebound under new labels when the integration is renamed (the counters keep
 * their totals: they read the same adders); removed when it is deleted.
 */
final class IntegrationMeters {
    static final String PREFIX = "tributary.integration.";

    private final MeterRegistry registry;
    private final IntegrationSlot slot;
    private final List<Meter> meters = new ArrayList<>();
    private String name;
    private String type;

    IntegrationMeters(MeterRegistry registry, IntegrationSlot slot) {
        this.registry = registry;
        this.slot = slot;
    }

    /** Registers the meters under {@code name} and {@code type}, replacing those of other labels. */
    synchronized void bind(String name, String type) {
        String t = type == null ? "" : type;
        if (name.equals(this.name) && t.equals(this.type)) {
            return;
        }
        remove();
        this.name = name;
        this.type = t;
        Tags tags = Tags.of("integration", name, "type", t);
        IntegrationStats stats = slot.stats;
        IntegrationChannel channel = slot.channel;
        counter("matched", "Messages whose topic matched the integration's filters", tags, stats.matched);
        counter("delivered", "Messages the destination acknowledged", tags, stats.succeeded);
        counter("failed", "Failed delivery attempts", tags, stats.failed);
        counter("retried", "Delivery attempts that were retries", tags, stats.retried);
        counter("dropped", "Messages dropped: QoS 0 while the log was full (log_full), "
                + "failed QoS 0 messages not retried (delivery_failed)", tags.and("reason", "log_full"), stats.dropped);
        counter("dropped", "Messages dropped: QoS 0 while the log was full (log_full), "
                + "failed QoS 0 messages not retried (delivery_failed)", tags.and("reason", "delivery_failed"),
                stats.abandoned);
        counter("dead.lettered", "Messages moved to the dead letters", tags, stats.deadLettered);
        counter("redelivered", "Messages delivered again after a stop although already delivered (duplicates)",
                tags, stats.redelivered);
        gauge("queued.messages", "Messages in the log not yet delivered, plus held publishes", tags, channel,
                IntegrationChannel::queued);
        gauge("queued.bytes", "Bytes the integration's log takes", tags, channel, IntegrationChannel::queuedBytes);
        gauge("in.flight", "Messages being delivered now", tags, stats, s -> s.inFlight.sum());
        gauge("held.publishes", "QoS 1/2 publishes waiting for room in the full log", tags, channel,
                IntegrationChannel::held);
        gauge("held.publishers", "Distinct clients whose publishes wait for room in the full log", tags, channel,
                IntegrationChannel::heldPublishers);
        gauge("backpressure.since.seconds", "Epoch seconds since when the log is full (publishers held, QoS 0 "
                + "dropped), 0 when it is not", tags, channel, c -> c.fullSince() / 1000.0);
        for (IntegrationStatus state : IntegrationStatus.values()) {
            gauge("state", "1 for the integration's current state, 0 for the others",
                    tags.and("state", state.name().toLowerCase(Locale.ROOT)), slot,
                    s -> s.status() == state ? 1 : 0);
        }
        Timer latency = Timer.builder(PREFIX + "delivery.latency")
                .description("Publish received by the broker -> destination acknowledged")
                .tags(tags).serviceLevelObjectives(LatencyBuckets.bounds()).register(registry);
        meters.add(latency);
        stats.latency = latency;
    }

    /** Removes every meter (the integration is deleted, or about to be relabelled). */
    synchronized void remove() {
        slot.stats.latency = null;
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
        name = null;
        type = null;
    }

    private void counter(String meter, String description, Tags tags, LongAdder adder) {
        meters.add(FunctionCounter.builder(PREFIX + meter, adder, LongAdder::sum)
                .description(description).tags(tags).register(registry));
    }

    private <T> void gauge(String meter, String description, Tags tags, T source, ToDoubleFunction<T> f) {
        meters.add(Gauge.builder(PREFIX + meter, source, f).description(description).tags(tags)
                .strongReference(true).register(registry));
    }
}
