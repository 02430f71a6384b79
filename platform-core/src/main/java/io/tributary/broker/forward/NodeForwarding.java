package io.tributary.broker.forward;

import io.tributary.broker.BrokerCore;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.concurrent.Daemons;
import io.tributary.plugin.api.cluster.SharedLogs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live MQTT messages between broker nodes over the cluster's shared log. Each node reads its own
 * log {@code node.<id>}; a message published here is delivered here as always and appended to the
 * log of every other node whose clients subscribe to a matching filter ({@link NodeFilters}).
 * That node delivers it to its subscribers only ({@link BrokerCore#deliverForwarded}), never to
 * integrations and never forwarded again.
 *
 * <p>A share group with members on several nodes is one group in the cluster: for each message
 * the publishing node picks the one node that serves each matching group ({@link SharePicker},
 * itself included), tells the chosen nodes in the record ({@link ForwardRecord#CHOSEN}) and keeps
 * its own members out of the groups it handed away. Records are keyed by the publisher's client
 * id, so one publisher's messages stay in order on every node.
 */
public final class NodeForwarding implements BrokerCore.Forwarder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeForwarding.class);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerCore core;
    private final SharedLogs logs;
    private final String nodeId;
    private final NodeFilters filters;
    private final SharePicker picker = new SharePicker();
    private final Duration interval;
    private ScheduledExecutorService timer;
    private volatile NodeLogReader reader;
    private MovedSessions movedSessions = MovedSessions.NONE;

    public NodeForwarding(BrokerCore core, SharedLogs logs, NodeFilterStore store, String nodeId, Duration interval) {
        this.core = core;
        this.logs = logs;
        this.nodeId = nodeId;
        this.filters = new NodeFilters(core.router(), store, nodeId);
        this.interval = interval;
    }

    /** The shared log a node reads the messages forwarded to it from. */
    public static String logName(String nodeId) {
        return "node." + nodeId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Creates this node's log, starts reading it and exchanging subscriptions, then forwards. */
    public synchronized NodeForwarding start() {
        logs.create(logName(nodeId), CREATE_TIMEOUT);
        filters.start();
        reader = new NodeLogReader(core, logs, logName(nodeId), "tributary-node-" + nodeId, movedSessions).start();
        timer = Daemons.timer("node-subscriptions");
        filters.sync();
        long ms = Math.max(10, interval.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            filters.sync();
            picker.keepOnly(filters.groups());
        }, ms, ms, TimeUnit.MILLISECONDS);
        core.forwardTo(this);
        log.info("MQTT messages are forwarded between broker nodes over shared log {} (subscriptions exchanged "
                + "every {} ms)", logName(nodeId), ms);
        return this;
    }

    /** Who takes the sessions other nodes move here; set before {@link #start()}. */
    public synchronized NodeForwarding receiveSessions(MovedSessions receiver) {
        this.movedSessions = receiver;
        return this;
    }

    /**
     * Sends a persistent session to {@code node} (its image, {@code SessionImageCodec}); keyed by
     * client id like the {@link #relay}s that follow it, so that node reads the image first.
     *
     * @return completes when {@code node}'s log has it
     */
    public CompletableFuture<Void> sendSession(String node, String clientId, byte[] image) {
        return logs.append(logName(node), clientId.getBytes(StandardCharsets.UTF_8),
                ForwardRecord.session(clientId, image)).toCompletableFuture();
    }

    /** Sends a message for {@code clientId}, whose session moved to {@code node}; completes when stored there. */
    public CompletableFuture<Void> relay(String node, String clientId, io.tributary.broker.session.Delivery d) {
        return logs.append(logName(node), clientId.getBytes(StandardCharsets.UTF_8),
                ForwardRecord.delivery(clientId, d)).toCompletableFuture();
    }

    /**
     * Completes once this node has read what its log held from before it started (delivered to
     * the sessions it restored); never before {@link #start()}.
     */
    public CompletableFuture<Void> caughtUp() {
        NodeLogReader r = reader;
        return r == null ? new CompletableFuture<>() : r.caughtUp();
    }

    /** This node's id. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public BrokerCore.Forwarded forward(BrokerMessage message, String[] levels) {
        if (message.isClientEvent()) {
            return null;
        }
        NodeFilters.Matches matches = filters.match(message.topic(), levels);
        if (matches.isEmpty()) {
            return null;
        }
        byte[] body = ForwardRecord.message(message);
        Map<String, byte[]> records = new HashMap<>();
        Set<String> elsewhere = Set.of();
        if (matches.groups().isEmpty()) {
            byte[] record = ForwardRecord.all(body);
            matches.unshared().forEach(node -> records.put(node, record));
        } else {
            // one member of each share group in the cluster: one node, chosen here, serves it
            Set<String> here = core.router().shareGroups(message.topic(), levels);
            // this node is a candidate for a group only with a member connected, as the others see it
            here.removeIf(g -> matches.groups().containsKey(g) && !core.router().shareGroupOnline(g));
            Map<String, List<String>> served = new HashMap<>();
            elsewhere = new HashSet<>();
            for (Map.Entry<String, Set<String>> g : matches.groups().entrySet()) {
                List<String> candidates = new ArrayList<>(g.getValue());
                if (here.contains(g.getKey())) {
                    candidates.add(nodeId);
                }
                String node = picker.pick(g.getKey(), candidates);
                if (!node.equals(nodeId)) {
                    elsewhere.add(g.getKey());
                    served.computeIfAbsent(node, n -> new ArrayList<>()).add(g.getKey());
                }
            }
            Set<String> nodes = new HashSet<>(matches.unshared());
            nodes.addAll(served.keySet());
            for (String node : nodes) {
                records.put(node, ForwardRecord.chosen(matches.unshared().contains(node),
                        served.getOrDefault(node, List.of()), body));
            }
        }
        return new BrokerCore.Forwarded(append(message, records), elsewhere);
    }

    /** @return completes when every node has its record, or {@code null} for no record */
    private CompletableFuture<Void> append(BrokerMessage message, Map<String, byte[]> records) {
        if (records.isEmpty()) {
            return null; // every group it matched is served here
        }
        String publisher = message.publisherId() != null ? message.publisherId() : message.topic();
        byte[] key = publisher.getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<Void>> appends = new ArrayList<>(records.size());
        records.forEach((node, record) -> appends.add(logs.append(logName(node), key, record).toCompletableFuture()
                .whenComplete((ok, e) -> {
                    if (e != null && message.qos() == 0) {
                        log.debug("A QoS 0 message to {} was not forwarded to node {}: {}", message.topic(), node,
                                e.toString());
                    }
                })));
        return appends.size() == 1 ? appends.get(0)
                : CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new));
    }

    /**
     * First step of a clean stop, while this node's clients are still connected: its share groups
     * leave the store, and this waits until the other nodes have read that (two sync intervals), so
     * that none sends this node a group's message its members could no longer take.
     */
    public void withdrawShareGroups() {
        try {
            if (filters.withdrawShareGroups()) {
                Thread.sleep(Math.min(2000, 2 * Math.max(10, interval.toMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Cannot take this node's share groups out of the shared store: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        core.forwardTo(null);
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS); // no sync writes the filters again after the clear
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
        try {
            filters.clear(); // the other nodes stop forwarding to a node that is gone
        } catch (RuntimeException e) {
            log.warn("Cannot remove this node's subscriptions from the shared store: {}", e.toString());
        }
    }
}
