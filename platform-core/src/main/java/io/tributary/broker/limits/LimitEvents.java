package io.tributary.broker.limits;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every time a limit is hit and logs it, at most one line per limit every
 * {@link #LOG_INTERVAL_MILLIS}: a flood of refused packets or connections must not become a
 * flood of log lines. Thread-safe.
 */
public final class LimitEvents implements MeterBinder {
    static final long LOG_INTERVAL_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(LimitEvents.class);

    /** The limits that are counted. */
    public enum Limit {
        CONNECTIONS, CONNECTIONS_PER_IP, SUBSCRIPTIONS, TOPIC_LEVELS, RETAINED, SLOW_CONSUMER_DROPS,
        SLOW_CONSUMER_DISCONNECTS, KEEP_ALIVE_CAPPED
    }

    private final Map<Limit, Counter> counters = new EnumMap<>(Limit.class);

    public LimitEvents() {
        for (Limit l : Limit.values()) {
            counters.put(l, new Counter());
        }
    }

    /**
     * Counts one hit of {@code limit} and logs {@code message} (SLF4J style) unless a line for
     * the same limit was logged less than {@link #LOG_INTERVAL_MILLIS} ago; the next line logged
     * says how many were left out.
     */
    public void hit(Limit limit, String message, Object... args) {
        Counter c = counters.get(limit);
        c.total.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = c.lastLogged.get();
        if (now - last < LOG_INTERVAL_MILLIS || !c.lastLogged.compareAndSet(last, now)) {
            c.suppressed.incrementAndGet();
            return;
        }
        long suppressed = c.suppressed.getAndSet(0);
        String line = suppressed == 0 ? message
                : message + " (" + suppressed + " more like this in the last " + (now - last) / 1000 + " s)";
        log.warn(line, args);
    }

    /**
     * Registers {@code tributary.mqtt.limit.refusals{limit}}: the counts kept here, read when scraped.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (Limit l : Limit.values()) {
            FunctionCounter.builder("tributary.mqtt.limit.refusals", counters.get(l).total, AtomicLong::get)
                    .tag("limit", l.name().toLowerCase(Locale.ROOT))
                    .description("Times a broker limit was hit (connection, subscription, topic level and retained "
                            + "limits, slow consumers, keep-alive caps)")
                    .register(registry);
        }
    }

    /** How many times {@code limit} was hit since the start. */
    public long count(Limit limit) {
        return counters.get(limit).total.get();
    }

    private static final class Counter {
        final AtomicLong total = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
        // far enough in the past that the first hit is logged
        final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
    }
}
