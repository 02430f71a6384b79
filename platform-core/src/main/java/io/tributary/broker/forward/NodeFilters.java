package io.tributary.broker.forward;

import io.tributary.broker.routing.MessageRouter;
import io.tributary.broker.topic.TopicTrie;
import io.tributary.broker.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps this node's topic filters in the shared store in step with its subscriptions, and the
 * other nodes' filters cached here, by polling ({@link #sync}, every interval): a filter
 * subscribed on one node is seen by the others within about two intervals. Filters, not
 * subscriptions, are written: a thousand devices on {@code plant/#} are one row. A share group
 * is written as subscribed ({@code $share/g/filter}), so the nodes know who has members of it.
 */
final class NodeFilters {
    private static final Logger log = LoggerFactory.getLogger(NodeFilters.class);

    private final MessageRouter router;
    private final NodeFilterStore store;
    private final String nodeId;
    private Set<String> written = Set.of();
    private Map<String, Set<String>> seen = Map.of();
    /** Other nodes' filters (share prefix removed), by node and share group; replaced whole, never changed. */
    private volatile TopicTrie<Holder, Boolean> others = new TopicTrie<>();
    /** The share groups the other nodes have members of. */
    private volatile Set<String> groups = Set.of();
    private boolean failing;
    /** Stopping: this node's share groups are taken out of the store, so no node chooses it any more. */
    private volatile boolean withdrawn;

    NodeFilters(MessageRouter router, NodeFilterStore store, String nodeId) {
        this.router = router;
        this.store = store;
        this.nodeId = nodeId;
    }

    /** Drops what a previous run of this node left. */
    void start() {
        store.clear(nodeId);
    }

    /** A filter of a node: in no share group ({@code group} null) or of a share group, as subscribed. */
    private record Holder(String node, String group) {
    }

    /**
     * The other nodes whose filters match a topic.
     *
     * @param unshared nodes with a matching filter in no share group
     * @param groups   matching share groups ({@code $share/g/filter}) and the nodes with members
     */
    record Matches(Set<String> unshared, Map<String, Set<String>> groups) {
        boolean isEmpty() {
            return unshared.isEmpty() && groups.isEmpty();
        }
    }

    private static final Matches NONE = new Matches(Set.of(), Map.of());

    /** The other nodes that have a filter matching {@code topic}. */
    Matches match(String topic, String[] levels) {
        TopicTrie<Holder, Boolean> trie = others;
        if (trie.size() == 0) {
            return NONE; // no other node subscribes to anything: nothing allocated per message
        }
        Collector c = new Collector();
        trie.match(topic, levels, c);
        return c.unshared == null && c.shared == null ? NONE
                : new Matches(c.unshared == null ? Set.of() : c.unshared, c.shared == null ? Map.of() : c.shared);
    }

    /** Gathers the matches of one message, allocating only for what matched. */
    private static final class Collector implements java.util.function.BiConsumer<Holder, Boolean> {
        Set<String> unshared;
        Map<String, Set<String>> shared;

        @Override
        public void accept(Holder holder, Boolean x) {
            if (holder.group() == null) {
                if (unshared == null) {
                    unshared = new HashSet<>(2);
                }
                unshared.add(holder.node());
            } else {
                if (shared == null) {
                    shared = new HashMap<>(2);
                }
                shared.computeIfAbsent(holder.group(), g -> new HashSet<>(2)).add(holder.node());
            }
        }
    }

    /** The share groups the other nodes have members of. */
    Set<String> groups() {
        return groups;
    }

    /** Writes this node's changed filters, then reads the others'. */
    synchronized void sync() {
        try {
            Set<String> now = router.filtersServedNow(); // a group whose members here are all offline is left to others
            if (withdrawn) {
                now.removeIf(f -> f.startsWith("$share/"));
            }
            if (!now.equals(written)) {
                Set<String> added = new HashSet<>(now);
                added.removeAll(written);
                Set<String> removed = new HashSet<>(written);
                removed.removeAll(now);
                store.update(nodeId, added, removed);
                written = now;
            }
            Map<String, Set<String>> read = store.others(nodeId);
            if (!read.equals(seen)) {
                TopicTrie<Holder, Boolean> trie = new TopicTrie<>();
                Set<String> shared = new HashSet<>();
                read.forEach((node, filters) -> filters.forEach(f -> {
                    Topics.ParsedFilter parsed = Topics.parseFilter(f);
                    if (parsed != null) {
                        trie.put(parsed.filter(), new Holder(node, parsed.shared() ? parsed.raw() : null),
                                Boolean.TRUE);
                        if (parsed.shared()) {
                            shared.add(parsed.raw());
                        }
                    }
                }));
                others = trie;
                groups = shared;
                seen = read;
            }
            if (failing) {
                log.info("Subscriptions are exchanged with the other nodes again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("Cannot exchange subscriptions with the other nodes (retrying; meanwhile messages are "
                        + "forwarded as the last known subscriptions say): {}", e.toString());
                failing = true;
            }
        }
    }

    /**
     * Takes this node's share groups out of the store (its members are about to go), so that the
     * other nodes stop choosing it for them; plain filters stay until {@link #clear}.
     *
     * @return whether this node had share groups in the store
     */
    boolean withdrawShareGroups() {
        boolean had;
        synchronized (this) {
            had = written.stream().anyMatch(f -> f.startsWith("$share/"));
            withdrawn = true;
        }
        sync();
        return had;
    }

    /** Removes this node's filters from the store (clean stop). */
    synchronized void clear() {
        store.clear(nodeId);
        written = Set.of();
    }
}
