package io.tributary.admin.dashboard;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;

/**
 * Reads the broker's meters from the platform's registry by name, summed over their tags
 * (listener, protocol, QoS...). A meter nobody registered reads as {@code null} ("n/a"), so the
 * dashboard works with or without them.
 */
final class BrokerFigures {
    private final MeterRegistry registry;

    /** @param registry the platform's registry, or {@code null} (every figure n/a) */
    BrokerFigures(MeterRegistry registry) {
        this.registry = registry;
    }

    BrokerTotals read() {
        return new BrokerTotals(
                sum(MeterNames.MESSAGES_RECEIVED, null, null),
                sum(MeterNames.MESSAGES_SENT, null, null),
                sum(MeterNames.BYTES_RECEIVED, null, null),
                sum(MeterNames.BYTES_SENT, null, null),
                sum(MeterNames.MESSAGES_DROPPED, null, null),
                sum(MeterNames.CONNECTIONS, null, null),
                sum(MeterNames.SESSIONS, "state", "online"),
                sum(MeterNames.SESSIONS, "state", "offline"),
                sum(MeterNames.SUBSCRIPTIONS, null, null),
                sum(MeterNames.RETAINED_MESSAGES, null, null));
    }

    /**
     * The sum of the counts (counters) or values (gauges) of every meter called {@code name}
     * (with {@code tagKey=tagValue} when given), or {@code null} when there is none.
     */
    Long sum(String name, String tagKey, String tagValue) {
        return sum(registry, name, tagKey, tagValue);
    }

    static Long sum(MeterRegistry registry, String name, String tagKey, String tagValue) {
        if (registry == null) {
            return null;
        }
        var search = tagKey == null ? registry.find(name) : registry.find(name).tag(tagKey, tagValue);
        boolean found = false;
        double total = 0;
        for (Meter m : search.meters()) {
            for (Measurement x : m.measure()) {
                if (x.getStatistic() == Statistic.COUNT || x.getStatistic() == Statistic.VALUE) {
                    double v = x.getValue();
                    if (!Double.isNaN(v)) {
                        total += v;
                        found = true;
                    }
                }
            }
        }
        return found ? Math.round(total) : null;
    }
}
