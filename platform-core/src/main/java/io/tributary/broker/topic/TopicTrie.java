package io.tributary.broker.topic;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/**
 * Subscription tree: topic filters split into levels, each node holding the values subscribed
 * at exactly that filter, keyed by subscriber. A match walks only the branches the topic's levels
 * select (exact level, {@code +}, {@code #}), so its cost follows the topic's depth and the number
 * of matching subscriptions, not the total number of subscriptions.
 *
 * <p>Thread-safe: matches run concurrently under a read lock, changes take the write lock. No walk
 * is recursive, so a topic or filter of any depth cannot overflow the stack.
 *
 * @param <K> subscriber key (e.g. client id); one value per key and filter
 * @param <V> what is stored for the subscription
 */
public final class TopicTrie<K, V> {
    private final Node<K, V> root = new Node<>(null, null);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private int size;

    /**
     * Adds or replaces the value of {@code key} at {@code filter}.
     *
     * @return the value replaced, or {@code null}
     */
    public V put(String filter, K key, V value) {
        lock.writeLock().lock();
        try {
            Node<K, V> node = root;
            for (String level : Topics.levels(filter)) {
                Node<K, V> parent = node;
                node = node.children.computeIfAbsent(level, l -> new Node<>(parent, l));
            }
            if (node.values == null) {
                node.values = new HashMap<>(4);
            }
            V previous = node.values.put(key, value);
            if (previous == null) {
                size++;
            }
            return previous;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Removes the value of {@code key} at {@code filter} and prunes emptied nodes.
     *
     * @return the value removed, or {@code null} when there was none
     */
    public V remove(String filter, K key) {
        lock.writeLock().lock();
        try {
            Node<K, V> node = root;
            for (String level : Topics.levels(filter)) {
                node = node.children.get(level);
                if (node == null) {
                    return null;
                }
            }
            if (node.values == null) {
                return null;
            }
            V removed = node.values.remove(key);
            if (removed != null) {
                size--;
                prune(node);
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The value of {@code key} at exactly {@code filter}, or {@code null}. */
    public V get(String filter, K key) {
        lock.readLock().lock();
        try {
            Node<K, V> node = root;
            for (String level : Topics.levels(filter)) {
                node = node.children.get(level);
                if (node == null) {
                    return null;
                }
            }
            return node.values == null ? null : node.values.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Calls {@code visitor} once for every (key, value) whose filter matches {@code topic}.
     * Filters starting with a wildcard do not match topics starting with {@code $}.
     * The visitor runs under the read lock: it must not change this trie.
     */
    public void match(String topic, BiConsumer<K, V> visitor) {
        matchCountingNodes(topic, Topics.levels(topic), visitor);
    }

    /** {@link #match} with the topic already split by {@link Topics#levels} (split once per publish). */
    public void match(String topic, String[] levels, BiConsumer<K, V> visitor) {
        matchCountingNodes(topic, levels, visitor);
    }

    /**
     * {@link #match} that also reports how many trie nodes it looked at: the measure of a match's
     * cost that tests use (instead of timing) to show it does not grow with unrelated subscriptions.
     */
    int matchCountingNodes(String topic, BiConsumer<K, V> visitor) {
        return matchCountingNodes(topic, Topics.levels(topic), visitor);
    }

    private int matchCountingNodes(String topic, String[] levels, BiConsumer<K, V> visitor) {
        boolean system = topic.startsWith("$");
        lock.readLock().lock();
        try {
            return match(root, levels, system, visitor);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of (filter, key) entries. */
    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Walks the branches {@code levels} select, with an explicit stack instead of recursion so
     * that a topic of any depth cannot overflow the thread's stack.
     *
     * @return the number of nodes visited
     */
    private int match(Node<K, V> root, String[] levels, boolean system, BiConsumer<K, V> visitor) {
        int visited = 0;
        ArrayDeque<Step<K, V>> todo = new ArrayDeque<>();
        todo.push(new Step<>(root, 0));
        while (!todo.isEmpty()) {
            Step<K, V> step = todo.pop();
            Node<K, V> node = step.node;
            int depth = step.depth;
            visited++;
            boolean wildcardsAllowed = !(system && depth == 0);
            if (wildcardsAllowed) {
                Node<K, V> hash = node.children.get("#");
                if (hash != null) {
                    // "a/#" also matches "a" itself (the parent level)
                    hash.visit(visitor);
                    visited++;
                }
            }
            if (depth == levels.length) {
                node.visit(visitor);
                continue;
            }
            Node<K, V> exact = node.children.get(levels[depth]);
            if (exact != null) {
                todo.push(new Step<>(exact, depth + 1));
            }
            if (wildcardsAllowed) {
                Node<K, V> plus = node.children.get("+");
                if (plus != null) {
                    todo.push(new Step<>(plus, depth + 1));
                }
            }
        }
        return visited;
    }

    private record Step<K, V>(Node<K, V> node, int depth) {
    }

    /** Number of nodes below the root (for tests: removing subscriptions prunes emptied branches). */
    int nodeCount() {
        lock.readLock().lock();
        try {
            return count(root) - 1;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static int count(Node<?, ?> start) {
        int n = 0;
        ArrayDeque<Node<?, ?>> todo = new ArrayDeque<>();
        todo.push(start);
        while (!todo.isEmpty()) {
            Node<?, ?> node = todo.pop();
            n++;
            todo.addAll(node.children.values());
        }
        return n;
    }

    private void prune(Node<K, V> node) {
        while (node.parent != null && node.children.isEmpty() && (node.values == null || node.values.isEmpty())) {
            node.parent.children.remove(node.level);
            node = node.parent;
        }
    }

    private static final class Node<K, V> {
        final Node<K, V> parent;
        final String level;
        final Map<String, Node<K, V>> children = new HashMap<>(4);
        Map<K, V> values;

        Node(Node<K, V> parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        void visit(BiConsumer<K, V> visitor) {
            if (values != null) {
                values.forEach(visitor);
            }
        }
    }
}
