package io.tributary.broker.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Topic aliases the broker assigns to the topics it sends one MQTT 5 client (MQTT 5.0 §3.3.2.3.4):
 * numbers 1..max, first come first served, then the least recently used topic's alias is given to
 * the next new topic. The first PUBLISH of a topic carries the topic and its alias, later ones the
 * alias alone. Not thread-safe: used under the session's lock, in the order packets are written.
 */
final class OutboundAliases {
    private final int max;
    /** Topic → alias, least recently used first. */
    private final LinkedHashMap<String, Integer> byTopic = new LinkedHashMap<>(16, 0.75f, true);
    private int nextFree = 1;

    OutboundAliases(int max) {
        this.max = max;
    }

    /**
     * The alias {@code topic} has, or the one it would get; a new one takes effect only once
     * {@link #assign}ed (the packet may yet be dropped).
     */
    Alias choose(String topic) {
        Integer known = byTopic.get(topic);
        if (known != null) {
            return new Alias(known, true);
        }
        if (nextFree <= max) {
            return new Alias(nextFree, false);
        }
        return new Alias(eldest().getValue(), false);
    }

    /** {@code alias}, from {@link #choose} for {@code topic}, is now sent with it. */
    void assign(String topic, Alias alias) {
        if (alias.known()) {
            return;
        }
        if (alias.number() == nextFree) {
            nextFree++;
        } else {
            byTopic.remove(eldest().getKey());
        }
        byTopic.put(topic, alias.number());
    }

    private Map.Entry<String, Integer> eldest() {
        return byTopic.entrySet().iterator().next();
    }

    /**
     * @param number the alias, 1..max
     * @param known  the client already maps it to the topic: the topic name is left out
     */
    record Alias(int number, boolean known) {
    }
}
