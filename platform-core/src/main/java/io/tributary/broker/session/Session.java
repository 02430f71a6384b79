package io.tributary.broker.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State the broker keeps for a client id: subscriptions, QoS 1/2 messages in flight to it,
 * messages queued while it is offline or its in-flight window is full, and the packet ids of
 * QoS 2 publishes it sent us that await PUBREL. All mutation happens under the session's lock.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final String clientId;
    private final int maxQueued;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final LinkedHashMap<Integer, Inflight> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final Set<Integer> inboundQos2 = new HashSet<>();
    private Outbound outbound;
    private int nextPacketId = 1;
    private long expirySeconds;
    private long dropped;
    private long lastDropLog;

    public Session(String clientId, int maxQueued) {
        this.clientId = clientId;
        this.maxQueued = maxQueued;
    }

    public String clientId() {
        return clientId;
    }

    public Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    public synchronized long expirySeconds() {
        return expirySeconds;
    }

    public synchronized void expirySeconds(long seconds) {
        this.expirySeconds = seconds;
    }

    public synchronized boolean online() {
        return outbound != null;
    }

    /** Messages dropped because the queue was full or the client is offline at QoS 0. */
    public synchronized long droppedCount() {
        return dropped;
    }

    public synchronized int queuedCount() {
        return queue.size();
    }

    public synchronized int inflightCount() {
        return inflight.size();
    }

    /** Binds the session to a new connection, re-sends what was in flight, then drains the queue. */
    public synchronized void attach(Outbound out) {
        this.outbound = out;
        for (Map.Entry<Integer, Inflight> e : new ArrayList<>(inflight.entrySet())) {
            Inflight f = e.getValue();
            if (f.awaitingPubcomp) {
                out.sendPubrel(e.getKey());
            } else if (!out.sendPublish(e.getKey(), f.delivery, true)) {
                inflight.remove(e.getKey());
            }
        }
        drain();
    }

    /** Unbinds the connection if it is still the session's current one. */
    public synchronized void detach(Outbound out) {
        if (this.outbound == out) {
            this.outbound = null;
        }
    }

    /** Hands a message to the subscriber now, or queues it (QoS 1/2) when it cannot take it yet. */
    public synchronized void offer(Delivery d) {
        if (d.message().expired(System.currentTimeMillis())) {
            return;
        }
        if (d.qos() == 0) {
            if (outbound != null) {
                outbound.sendPublish(0, d, false);
            }
            return;
        }
        if (outbound != null && queue.isEmpty() && inflight.size() < outbound.inflightLimit()) {
            send(d);
            return;
        }
        if (queue.size() >= maxQueued) {
            dropped++;
            long now = System.currentTimeMillis();
            if (now - lastDropLog > 10_000) {
                lastDropLog = now;
                log.warn("Session {} queue is full ({} messages): dropping; {} dropped so far",
                        clientId, maxQueued, dropped);
            }
            return;
        }
        queue.add(d);
    }

    /** PUBACK from the client. */
    public synchronized void puback(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f != null && f.delivery.qos() == 1) {
            inflight.remove(packetId);
            drain();
        }
    }

    /**
     * PUBREC from the client.
     *
     * @param failed the client answered with an error reason code: the exchange ends here
     * @return false when no QoS 2 message with that id is in flight
     */
    public synchronized boolean pubrec(int packetId, boolean failed) {
        Inflight f = inflight.get(packetId);
        if (f == null || f.delivery.qos() != 2) {
            return false;
        }
        if (failed) {
            inflight.remove(packetId);
            drain();
            return true;
        }
        f.awaitingPubcomp = true;
        if (outbound != null) {
            outbound.sendPubrel(packetId);
        }
        return true;
    }

    /** PUBCOMP from the client. */
    public synchronized void pubcomp(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f != null && f.awaitingPubcomp) {
            inflight.remove(packetId);
            drain();
        }
    }

    /**
     * Records an incoming QoS 2 PUBLISH.
     *
     * @return true when this packet id is new (deliver it), false for a re-sent duplicate
     */
    public synchronized boolean inboundQos2(int packetId) {
        return inboundQos2.add(packetId);
    }

    /** PUBREL for an incoming QoS 2 message: the id may be reused from now on. */
    public synchronized boolean inboundRelease(int packetId) {
        return inboundQos2.remove(packetId);
    }

    public synchronized int inboundQos2Count() {
        return inboundQos2.size();
    }

    /** Forgets everything in flight and queued (clean start over an existing session). */
    public synchronized void clear() {
        inflight.clear();
        queue.clear();
        inboundQos2.clear();
        subscriptions.clear();
    }

    /** Snapshot of the queued deliveries (for tests and diagnostics). */
    public synchronized List<Delivery> queued() {
        return List.copyOf(queue);
    }

    public synchronized Collection<Integer> inflightIds() {
        return List.copyOf(inflight.keySet());
    }

    private void drain() {
        if (outbound == null) {
            return;
        }
        long now = System.currentTimeMillis();
        Iterator<Delivery> it = queue.iterator();
        while (it.hasNext() && inflight.size() < outbound.inflightLimit()) {
            Delivery d = it.next();
            it.remove();
            if (!d.message().expired(now)) {
                send(d);
            }
        }
    }

    private void send(Delivery d) {
        int id = allocatePacketId();
        if (id < 0) {
            queue.addFirst(d);
            return;
        }
        inflight.put(id, new Inflight(d));
        if (!outbound.sendPublish(id, d, false)) {
            inflight.remove(id);
        }
    }

    private int allocatePacketId() {
        for (int i = 0; i < 65535; i++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
        return -1;
    }

    private static final class Inflight {
        final Delivery delivery;
        boolean awaitingPubcomp;

        Inflight(Delivery delivery) {
            this.delivery = delivery;
        }
    }
}
