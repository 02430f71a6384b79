package io.tributary.kafka.connectivity;

import io.tributary.integration.commons.connectivity.ConnectivityState;
import io.tributary.integration.commons.redaction.Redactor;
import io.tributary.plugin.api.runtime.EventReporter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches whether the Kafka cluster answers: an Admin {@code describeCluster} right after start
 * and then periodically on one daemon thread. Reports every change through
 * {@link EventReporter#connectivity} and each new failure as an error event with Kafka's
 * exception text, secrets removed. A successful delivery also counts as connected.
 */
public final class ConnectivityWatcher implements AutoCloseable {
    private final Admin admin;
    private final EventReporter events;
    private final Redactor redactor;
    private final WatchTiming timing;
    private final String bootstrap;
    private final ScheduledExecutorService scheduler;

    /** Reports changes of state, and a new reason while disconnected. */
    private final ConnectivityState state;
    private volatile boolean closed;
    /** The cluster's id once a probe answered, else null. */
    private volatile String clusterId;

    /**
     * @param admin      closed by {@link #close}
     * @param bootstrap  the bootstrap servers, named when no broker answers
     * @param threadName name of the watcher's thread
     */
    public ConnectivityWatcher(Admin admin, EventReporter events, Redactor redactor, WatchTiming timing,
                               String bootstrap, String threadName) {
        this.admin = admin;
        this.events = events;
        this.redactor = redactor;
        this.timing = timing;
        this.bootstrap = bootstrap;
        this.state = new ConnectivityState(events);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Probes now, then periodically until {@link #close}. */
    public void start() {
        schedule(Duration.ZERO);
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::probe, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void probe() {
        try {
            long timeoutMs = timing.probeTimeout().toMillis();
            DescribeClusterResult result = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs));
            int brokers = result.nodes().get(timeoutMs + 1000, TimeUnit.MILLISECONDS).size();
            String clusterId = result.clusterId().get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
            this.clusterId = clusterId;
            connected("cluster " + clusterId + ", " + brokers + (brokers == 1 ? " broker" : " brokers"));
        } catch (ExecutionException e) {
            disconnected(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            disconnected(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // closing
        }
        schedule(isConnected() ? timing.whileConnected() : timing.whileDisconnected());
    }

    /** A record was delivered: the cluster is reachable whatever the last probe said. */
    public void delivered() {
        if (!isConnected()) {
            connected("delivering");
        }
    }

    /** The id of the cluster once a probe answered, else {@code null} (for loop protection). */
    public String clusterId() {
        return clusterId;
    }

    /** True when the last probe or delivery succeeded. */
    public boolean isConnected() {
        return state.isConnected();
    }

    private void connected(String detail) {
        if (!closed) {
            state.connected(detail);
        }
    }

    private void disconnected(Throwable cause) {
        if (closed) {
            return;
        }
        String text = redactor.describe(cause);
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            // Kafka's text ("Timed out waiting for a node assignment") does not say what was tried
            text = "no broker answered at " + bootstrap + " within " + timing.probeTimeout().toSeconds() + " s ("
                    + text + ")";
        }
        // the platform logs the change of connectivity: one line, not one per probe
        if (state.disconnectedForNewReason(text)) {
            events.error("Kafka cluster not reachable: " + text, null);
        }
    }

    /** Stops probing and closes the Admin client; waits at most {@code timeout}. */
    public void close(Duration timeout) {
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(Math.max(1, timeout.toMillis() / 2), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(timeout.dividedBy(2));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
