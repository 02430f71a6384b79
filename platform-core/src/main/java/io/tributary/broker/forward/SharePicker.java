package io.tributary.broker.forward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses which node serves a share group for one message: round-robin per group over the nodes
 * that have members, in node id order. Each publishing node rotates on its own, so the members'
 * nodes share a group's messages evenly without asking each other anything.
 */
final class SharePicker {
    private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

    /**
     * @param group as subscribed, {@code $share/g/filter}
     * @param nodes the nodes with a member of {@code group}; not empty
     */
    String pick(String group, Collection<String> nodes) {
        List<String> sorted = new ArrayList<>(nodes);
        Collections.sort(sorted);
        int turn = cursors.computeIfAbsent(group, g -> new AtomicInteger()).getAndIncrement();
        return sorted.get(Math.floorMod(turn, sorted.size()));
    }

    /** Forgets the rotation of groups no other node has any more. */
    void keepOnly(Set<String> groups) {
        cursors.keySet().retainAll(groups);
    }
}
