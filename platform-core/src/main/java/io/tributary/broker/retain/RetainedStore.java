package io.tributary.broker.retain;

import io.tributary.broker.limits.LimitEvents;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.topic.Topics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Retained messages, one per topic, in a tree of topic levels so that a subscription's filter
 * selects them without scanning every retained topic.
 *
 * <p>Changes are serialised on the store (each takes time in the topic's depth only); reading
 * ({@link #forEachMatch}) takes no lock at all, so a subscription collecting a million retained
 * messages holds up no publisher. Every stored message gets a sequence number: a subscriber
 * asks for the messages stored up to the number current when it subscribed, later ones reach it
 * live (see {@code MessageRouter}). No walk is recursive: a topic of any depth cannot overflow
 * the stack.
 */
public final class RetainedStore {
    private final Slot root = new Slot(null, null);
    private final int maxMessages;
    private final long maxBytes;
    private final LimitEvents events;
    private RetainedJournal journal = RetainedJournal.NONE;
    private RetainedJournal replica = RetainedJournal.NONE;
    private volatile int size;
    private volatile long bytes;
    private volatile long lastSeq;

    /** A store without limits. */
    public RetainedStore() {
        this(Integer.MAX_VALUE, Long.MAX_VALUE, new LimitEvents());
    }

    /**
     * @param maxMessages retained messages kept at most
     * @param maxBytes    bytes (topic characters plus payload bytes) kept at most
     * @param events      where refusals are counted and logged
     */
    public RetainedStore(int maxMessages, long maxBytes, LimitEvents events) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.events = events;
    }

    /** From now on every change is written to {@code journal}. */
    public synchronized void journalTo(RetainedJournal journal) {
        this.journal = journal;
    }

    /**
     * Stores, replaces or (for an empty payload) clears the retained message of its topic. A
     * message for a topic that has none is not stored when the store is full (counted and logged);
     * replacing and clearing are always possible.
     *
     * @return the journal offset of the change, or -1 when none was written
     */
    public synchronized long apply(BrokerMessage message) {
        if (message.payload().length == 0) {
            boolean removed = remove(message.topic());
            // cleared for the other nodes too, even when this one held nothing (not yet told of it)
            replica.retained(message.topic(), null);
            return removed ? journal.retained(message.topic(), null) : -1;
        }
        if (!put(message)) {
            return -1;
        }
        replica.retained(message.topic(), message);
        return journal.retained(message.topic(), message);
    }

    /**
     * From now on every change a client makes is also handed to {@code shared} (called under this
     * store's lock: it must only take note). Expiries are not: every node expires its copy itself.
     */
    public synchronized void replicateTo(RetainedJournal shared) {
        this.replica = shared == null ? RetainedJournal.NONE : shared;
    }

    /**
     * A change another node made (read from the shared store), applied when {@code stillWanted}
     * holds, checked under the store's lock (so no local change slips in between); it is written
     * to the local journal but not handed back to the replica.
     *
     * @param message the topic's retained message, or {@code null} when it was cleared
     */
    public synchronized void applyShared(String topic, BrokerMessage message, java.util.function.BooleanSupplier stillWanted) {
        if (!stillWanted.getAsBoolean()) {
            return;
        }
        if (message == null) {
            if (remove(topic)) {
                journal.retained(topic, null);
            }
        } else if (put(message)) {
            journal.retained(topic, message);
        }
    }

    /** Every topic that has a retained message now. */
    public synchronized List<String> topics() {
        List<String> out = new ArrayList<>();
        collectAll(root, false, slot -> out.add(slot.entry.message.topic()));
        return out;
    }

    /** Writes every retained message to {@code target} (a snapshot); returns the last offset written. */
    public synchronized long writeImage(RetainedJournal target) {
        List<BrokerMessage> all = new ArrayList<>();
        collectAll(root, false, slot -> all.add(slot.entry.message));
        long mark = -1;
        for (BrokerMessage m : all) {
            mark = Math.max(mark, target.retained(m.topic(), m));
        }
        return mark;
    }

    /** Puts back a retained message read from the journal (not written again; limits apply). */
    public synchronized void restore(BrokerMessage message) {
        put(message);
    }

    /** Sequence number of the latest message stored: what a new subscription asks for up to. */
    public long lastSeq() {
        return lastSeq;
    }

    public int size() {
        return size;
    }

    /** Bytes held: topic characters plus payload bytes. */
    public long bytes() {
        return bytes;
    }

    /**
     * Calls {@code visitor} with every retained topic whose name matches {@code filter}, without
     * locking: topics changed during the walk may or may not be visited, topics present throughout
     * are. The visitor reads the message with {@link Slot#messageAsOf}. Expired messages are
     * removed on the way.
     */
    public void forEachMatch(String filter, Consumer<Slot> visitor) {
        long now = System.currentTimeMillis();
        Consumer<Slot> live = slot -> {
            Entry e = slot.entry;
            if (e == null) {
                return;
            }
            if (e.message.expired(now)) {
                removeExpired(slot, e);
                return;
            }
            visitor.accept(slot);
        };
        String[] levels = Topics.levels(filter);
        ArrayDeque<Step> todo = new ArrayDeque<>();
        todo.push(new Step(root, 0));
        while (!todo.isEmpty()) {
            Step step = todo.pop();
            Slot node = step.slot;
            int depth = step.depth;
            if (depth == levels.length) {
                live.accept(node);
                continue;
            }
            String level = levels[depth];
            if (level.equals("#")) {
                // "a/#" includes "a" itself
                live.accept(node);
                collectAll(node, depth == 0, live);
            } else if (level.equals("+")) {
                for (Map.Entry<String, Slot> child : node.children.entrySet()) {
                    if (depth > 0 || !child.getKey().startsWith("$")) {
                        todo.push(new Step(child.getValue(), depth + 1));
                    }
                }
            } else {
                Slot child = node.children.get(level);
                if (child != null) {
                    todo.push(new Step(child, depth + 1));
                }
            }
        }
    }

    /** The current retained messages matching {@code filter} (expired ones skipped and removed). */
    public List<BrokerMessage> match(String filter) {
        List<BrokerMessage> out = new ArrayList<>();
        forEachMatch(filter, slot -> {
            BrokerMessage m = slot.messageAsOf(Long.MAX_VALUE, System.currentTimeMillis());
            if (m != null) {
                out.add(m);
            }
        });
        return out;
    }

    private synchronized void removeExpired(Slot slot, Entry expired) {
        if (slot.entry == expired && remove(expired.message.topic())) {
            journal.retained(expired.message.topic(), null);
        }
    }

    /** @return false when the message was refused (store full) */
    private boolean put(BrokerMessage message) {
        String[] levels = Topics.levels(message.topic());
        int weight = message.topic().length() + message.payload().length;
        Slot existing = find(levels);
        Entry old = existing == null ? null : existing.entry;
        if (old == null && (size >= maxMessages || bytes + weight > maxBytes)) {
            events.hit(LimitEvents.Limit.RETAINED, "Retained message for '{}' from {} delivered but not retained: "
                            + "{} messages, {} bytes are retained (mqtt.retained.max-messages={}, "
                            + "mqtt.retained.max-bytes={})", abbreviate(message.topic()), message.publisherId(),
                    size, bytes, maxMessages, maxBytes);
            return false;
        }
        Slot node = existing;
        if (node == null) {
            node = root;
            for (String level : levels) {
                Slot parent = node;
                node = node.children.computeIfAbsent(level, l -> new Slot(parent, l));
            }
        }
        long seq = lastSeq + 1;
        node.entry = new Entry(message, seq, weight);
        lastSeq = seq;
        if (old == null) {
            size++;
            bytes += weight;
        } else {
            bytes += weight - old.weight;
        }
        return true;
    }

    private Slot find(String[] levels) {
        Slot node = root;
        for (String level : levels) {
            node = node.children.get(level);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** @return true when the topic had a retained message */
    private boolean remove(String topic) {
        Slot node = find(Topics.levels(topic));
        if (node == null || node.entry == null) {
            return false;
        }
        Entry old = node.entry;
        node.entry = null;
        size--;
        bytes -= old.weight;
        while (node.parent != null && node.entry == null && node.children.isEmpty()) {
            node.parent.children.remove(node.level, node);
            node = node.parent;
        }
        return true;
    }

    /**
     * Every slot with a message below {@code start} (not {@code start} itself), iteratively.
     *
     * @param skipDollar leave out children of {@code start} whose level starts with {@code $} (wildcards
     *                   at the first level do not match {@code $} topics)
     */
    private static void collectAll(Slot start, boolean skipDollar, Consumer<Slot> visitor) {
        ArrayDeque<Slot> todo = new ArrayDeque<>();
        for (Map.Entry<String, Slot> child : start.children.entrySet()) {
            if (!skipDollar || !child.getKey().startsWith("$")) {
                todo.push(child.getValue());
            }
        }
        while (!todo.isEmpty()) {
            Slot node = todo.pop();
            if (node.entry != null) {
                visitor.accept(node);
            }
            todo.addAll(node.children.values());
        }
    }

    private static String abbreviate(String topic) {
        return topic.length() <= 200 ? topic : topic.substring(0, 200) + "...";
    }

    private record Step(Slot slot, int depth) {
    }

    /**
     * @param message the retained message
     * @param seq     its sequence number in the store
     * @param weight  topic characters plus payload bytes
     */
    private record Entry(BrokerMessage message, long seq, int weight) {
    }

    /** One topic of the tree, as a subscription collecting retained messages sees it. */
    public static final class Slot {
        private final Slot parent;
        private final String level;
        private final Map<String, Slot> children = new ConcurrentHashMap<>(2);
        private volatile Entry entry;

        private Slot(Slot parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        /**
         * The topic's retained message if it was stored with a sequence number up to {@code asOf}
         * and has not expired; else {@code null} (a newer message reaches the subscriber live).
         */
        public BrokerMessage messageAsOf(long asOf, long now) {
            Entry e = entry;
            return e == null || e.seq > asOf || e.message.expired(now) ? null : e.message;
        }
    }
}
