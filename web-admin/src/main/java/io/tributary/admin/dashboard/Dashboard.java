package io.tributary.admin.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.concurrent.Daemons;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.events.EventSink;
import io.tributary.integration.runtime.IntegrationRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The figures of the admin dashboard. A sampler thread reads the broker's meters and the
 * integrations' counters every {@link #SAMPLE_SECONDS} seconds and keeps the last
 * {@link #HISTORY_MINUTES} minutes; a {@link #view()} reads them once more and computes rates
 * against the sample about {@link #RATE_WINDOW_SECONDS} seconds old, so clients never derive rates
 * from totals they may have missed.
 */
public final class Dashboard implements AutoCloseable {
    public static final int SAMPLE_SECONDS = 2;
    public static final int HISTORY_MINUTES = 5;
    public static final int RATE_WINDOW_SECONDS = 10;
    static final int RECENT_ERRORS = 10;
    static final long RECENT_ERRORS_MILLIS = 24 * 3_600_000L;
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

    private final BrokerFigures broker;
    private final IntegrationFigures integrations;
    private final RecentErrors errors;
    private final SampleHistory history = new SampleHistory(HISTORY_MINUTES * 60 / SAMPLE_SECONDS + 1);
    private ScheduledExecutorService sampler;

    /** @param registry the platform's meter registry, or {@code null}: broker figures "n/a" */
    public Dashboard(IntegrationService service, IntegrationRuntime runtime, EventSink events,
                     MeterRegistry registry) {
        this.broker = new BrokerFigures(registry);
        this.integrations = new IntegrationFigures(service, runtime);
        this.errors = new RecentErrors(events);
    }

    /** Starts sampling (a daemon thread); {@link #close()} stops it. */
    public synchronized Dashboard start() {
        if (sampler == null) {
            sampler = Daemons.timer("admin-dashboard-sampler");
            sampler.scheduleAtFixedRate(this::sampleQuietly, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
        }
        return this;
    }

    /** Takes a sample and keeps it (the sampler thread calls this). */
    void sample() {
        history.add(read());
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) { // e.g. storage closing during shutdown: try again next time
            log.debug("Dashboard sample failed", e);
        }
    }

    private Sample read() {
        Map<String, IntegrationFigure> byId = new LinkedHashMap<>();
        for (IntegrationFigure f : integrations.read()) {
            byId.put(f.id(), f);
        }
        return new Sample(System.currentTimeMillis(), broker.read(), byId);
    }

    /** The dashboard now. */
    public DashboardView view() {
        Sample now = read();
        Sample base = history.baseline(now.time(), RATE_WINDOW_SECONDS * 1000L, 500);
        double seconds = base == null ? 0 : (now.time() - base.time()) / 1000.0;
        BrokerTotals b = now.broker();
        BrokerTotals p = base == null ? null : base.broker();
        DashboardView.Broker brokerView = new DashboardView.Broker(
                Rates.perSecond(b.messagesReceived(), p == null ? null : p.messagesReceived(), seconds),
                Rates.perSecond(b.messagesSent(), p == null ? null : p.messagesSent(), seconds),
                Rates.perSecond(b.bytesReceived(), p == null ? null : p.bytesReceived(), seconds),
                Rates.perSecond(b.bytesSent(), p == null ? null : p.bytesSent(), seconds),
                Rates.perSecond(b.dropped(), p == null ? null : p.dropped(), seconds),
                b.messagesReceived(), b.messagesSent(), b.dropped(), b.connections(), b.sessionsOnline(),
                b.sessionsOffline(), b.subscriptions(), b.retainedMessages());

        Map<IntegrationStatus, Integer> states = new EnumMap<>(IntegrationStatus.class);
        for (IntegrationStatus s : IntegrationStatus.values()) {
            states.put(s, 0);
        }
        List<DashboardView.Integration> lines = new ArrayList<>();
        List<DashboardView.Backpressure> held = new ArrayList<>();
        for (IntegrationFigure f : now.integrations().values()) {
            states.merge(f.state(), 1, Integer::sum);
            IntegrationFigure was = base == null ? null : base.integrations().get(f.id());
            Long fullSince = f.fullSince() > 0 ? f.fullSince() : null;
            lines.add(new DashboardView.Integration(f.id(), f.name(), f.type(), f.state(), f.reason(),
                    Rates.perSecond(f.matched(), was == null ? null : was.matched(), seconds),
                    Rates.perSecond(f.delivered(), was == null ? null : was.delivered(), seconds),
                    Rates.perSecond(f.failed(), was == null ? null : was.failed(), seconds),
                    f.delivered(), f.failed(), f.queued(), f.queuedBytes(), f.inFlight(), f.heldPublishes(),
                    f.heldPublishers(), fullSince));
            if (f.backpressure()) {
                held.add(new DashboardView.Backpressure(f.id(), f.name(), f.heldPublishers(), f.heldPublishes(),
                        f.queued(), fullSince));
            }
        }
        held.sort(Comparator.comparing(DashboardView.Backpressure::since,
                Comparator.nullsLast(Comparator.naturalOrder())));
        List<DashboardView.RecentError> recent = errors.list(List.copyOf(now.integrations().values()),
                now.time() - RECENT_ERRORS_MILLIS, RECENT_ERRORS);
        return new DashboardView(now.time(), SAMPLE_SECONDS, brokerView, series(), states, lines, held, recent);
    }

    /** Throughput per sample interval from the kept samples, oldest first. */
    private DashboardView.Series series() {
        List<Sample> all = history.all();
        int n = Math.max(0, all.size() - 1);
        List<Long> time = new ArrayList<>(n);
        List<Double> in = new ArrayList<>(n);
        List<Double> out = new ArrayList<>(n);
        for (int i = 1; i < all.size(); i++) {
            Sample a = all.get(i - 1);
            Sample c = all.get(i);
            double seconds = (c.time() - a.time()) / 1000.0;
            time.add(c.time() / 1000);
            in.add(Rates.perSecond(c.broker().messagesReceived(), a.broker().messagesReceived(), seconds));
            out.add(Rates.perSecond(c.broker().messagesSent(), a.broker().messagesSent(), seconds));
        }
        return new DashboardView.Series(time, in, out);
    }

    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }
}
