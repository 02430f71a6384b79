package io.tributary.broker.will;

import io.tributary.broker.auth.Authorizer;
import io.tributary.broker.message.BrokerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Publishes will messages, at once or after the MQTT 5 will delay interval. A pending delayed
 * will is cancelled when its client connects again before the delay has passed. The ACL is
 * asked again when the will is due (CONNECT already refused a will the user could not publish):
 * a will whose topic the rules no longer allow is dropped and logged.
 */
public final class WillService {
    private static final Logger log = LoggerFactory.getLogger(WillService.class);

    private final ScheduledExecutorService scheduler;
    private final Consumer<BrokerMessage> publisher;
    private final Authorizer authorizer;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public WillService(ScheduledExecutorService scheduler, Consumer<BrokerMessage> publisher, Authorizer authorizer) {
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.authorizer = authorizer;
    }

    /**
     * Publishes {@code will} of {@code clientId} after {@code delaySeconds} (0: now).
     *
     * @param username the user the client connected as ({@code null}: anonymous), for the ACL
     */
    public void schedule(String clientId, String username, BrokerMessage will, long delaySeconds) {
        Pending p = new Pending(will, username);
        if (delaySeconds <= 0) {
            publish(clientId, p);
            return;
        }
        Pending previous = pending.put(clientId, p);
        if (previous != null) {
            previous.future.cancel(false);
        }
        p.future = scheduler.schedule(() -> {
            if (pending.remove(clientId, p)) {
                publish(clientId, p);
            }
        }, delaySeconds, TimeUnit.SECONDS);
    }

    /** Cancels a pending will; true when one was pending. */
    public boolean cancel(String clientId) {
        Pending p = pending.remove(clientId);
        if (p != null && p.future != null) {
            p.future.cancel(false);
        }
        return p != null;
    }

    /**
     * Publishes the pending will of {@code clientId} now (its session ended before the delay
     * passed, e.g. a clean-start reconnect); true when one was pending.
     */
    public boolean publishNow(String clientId) {
        Pending p = pending.remove(clientId);
        if (p == null) {
            return false;
        }
        if (p.future != null) {
            p.future.cancel(false);
        }
        publish(clientId, p);
        return true;
    }

    /** Publishes every pending will now (the broker is shutting down). */
    public void publishAllPending() {
        for (String clientId : Map.copyOf(pending).keySet()) {
            Pending p = pending.remove(clientId);
            if (p != null) {
                if (p.future != null) {
                    p.future.cancel(false);
                }
                publish(clientId, p);
            }
        }
    }

    public int pendingCount() {
        return pending.size();
    }

    private void publish(String clientId, Pending p) {
        BrokerMessage will = p.will;
        if (!authorizer.canPublish(clientId, p.username, will.topic())) {
            log.info("Will of {} not published: user {} may not publish to {}", clientId, p.username, will.topic());
            return;
        }
        log.debug("Publishing will of {} to {}", clientId, will.topic());
        try {
            publisher.accept(will);
        } catch (RuntimeException e) {
            log.warn("Will of {} could not be published: {}", clientId, e.toString());
        }
    }

    private static final class Pending {
        final BrokerMessage will;
        final String username;
        volatile ScheduledFuture<?> future;

        Pending(BrokerMessage will, String username) {
            this.will = will;
            this.username = username;
        }
    }
}
