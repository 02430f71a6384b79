package io.tributary.broker.retain;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.topic.Topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Retained messages, one per topic, in a tree of topic levels so that a subscription's filter
 * selects them without scanning every retained topic.
 */
public final class RetainedStore {
    private final Node root = new Node(null, null);
    private int size;
    private RetainedJournal journal = RetainedJournal.NONE;

    /** From now on every change is written to {@code journal}. */
    public synchronized void journalTo(RetainedJournal journal) {
        this.journal = journal;
    }

    /**
     * Stores, replaces or (for an empty payload) clears the retained message of its topic.
     *
     * @return the journal offset of the change, or -1 when none was written
     */
    public synchronized long apply(BrokerMessage message) {
        if (message.payload().length == 0) {
            return remove(message.topic()) ? journal.retained(message.topic(), null) : -1;
        }
        put(message);
        return journal.retained(message.topic(), message);
    }

    /** Writes every retained message to {@code target} (a snapshot); returns the last offset written. */
    public synchronized long writeImage(RetainedJournal target) {
        List<BrokerMessage> all = new ArrayList<>();
        collectAll(root, all);
        long mark = -1;
        for (BrokerMessage m : all) {
            mark = Math.max(mark, target.retained(m.topic(), m));
        }
        return mark;
    }

    /** Puts back a retained message read from the journal (not written again). */
    public synchronized void restore(BrokerMessage message) {
        put(message);
    }

    private void put(BrokerMessage message) {
        Node node = root;
        for (String level : Topics.levels(message.topic())) {
            Node parent = node;
            node = node.children.computeIfAbsent(level, l -> new Node(parent, l));
        }
        if (node.message == null) {
            size++;
        }
        node.message = message;
    }

    /** Retained messages whose topic matches {@code filter}, expired ones skipped and removed. */
    public synchronized List<BrokerMessage> match(String filter) {
        List<BrokerMessage> out = new ArrayList<>();
        collect(root, Topics.levels(filter), 0, out);
        long now = System.currentTimeMillis();
        out.removeIf(m -> {
            if (m.expired(now)) {
                if (remove(m.topic())) {
                    journal.retained(m.topic(), null);
                }
                return true;
            }
            return false;
        });
        return out;
    }

    public synchronized int size() {
        return size;
    }

    /** @return true when the topic had a retained message */
    private boolean remove(String topic) {
        Node node = root;
        for (String level : Topics.levels(topic)) {
            node = node.children.get(level);
            if (node == null) {
                return false;
            }
        }
        boolean had = node.message != null;
        if (had) {
            node.message = null;
            size--;
        }
        while (node.parent != null && node.message == null && node.children.isEmpty()) {
            node.parent.children.remove(node.level);
            node = node.parent;
        }
        return had;
    }

    private static void collect(Node node, String[] filter, int depth, List<BrokerMessage> out) {
        if (depth == filter.length) {
            if (node.message != null) {
                out.add(node.message);
            }
            return;
        }
        String level = filter[depth];
        if (level.equals("#")) {
            // "a/#" includes "a" itself
            if (node.message != null) {
                out.add(node.message);
            }
            for (Map.Entry<String, Node> child : node.children.entrySet()) {
                if (depth == 0 && child.getKey().startsWith("$")) {
                    continue;
                }
                collectAll(child.getValue(), out);
            }
        } else if (level.equals("+")) {
            for (Map.Entry<String, Node> child : node.children.entrySet()) {
                if (depth == 0 && child.getKey().startsWith("$")) {
                    continue;
                }
                collect(child.getValue(), filter, depth + 1, out);
            }
        } else {
            Node child = node.children.get(level);
            if (child != null) {
                collect(child, filter, depth + 1, out);
            }
        }
    }

    private static void collectAll(Node node, List<BrokerMessage> out) {
        if (node.message != null) {
            out.add(node.message);
        }
        for (Node child : node.children.values()) {
            collectAll(child, out);
        }
    }

    private static final class Node {
        final Node parent;
        final String level;
        final Map<String, Node> children = new HashMap<>(4);
        BrokerMessage message;

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }
    }
}
