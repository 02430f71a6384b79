package io.tributary.broker.acl;

/**
 * Set relations between topic filters, on filters split into levels: does a rule's filter match
 * a topic, cover every topic of a subscription filter, or share at least one topic with it?
 * Follows MQTT's {@code $} rule: a wildcard in the first level matches no topic starting with {@code $}.
 */
final class TopicFilters {
    private TopicFilters() {
    }

    /** True when {@code rule} matches the topic name {@code topic}. */
    static boolean matches(String[] rule, String[] topic) {
        if (dollar(topic[0]) && wildcard(rule[0])) {
            return false;
        }
        for (int i = 0; i < rule.length; i++) {
            if (rule[i].equals("#")) {
                return true;
            }
            if (i >= topic.length) {
                return false;
            }
            if (!rule[i].equals("+") && !rule[i].equals(topic[i])) {
                return false;
            }
        }
        return rule.length == topic.length;
    }

    /**
     * True when every topic {@code filter} matches is matched by {@code rule}: {@code a/#} covers
     * {@code a/+/b} and {@code a}; {@code a/+} does not cover {@code a/#}.
     */
    static boolean covers(String[] rule, String[] filter) {
        if (dollar(filter[0]) && wildcard(rule[0])) {
            return false;
        }
        for (int i = 0; i < rule.length; i++) {
            if (rule[i].equals("#")) {
                return true;
            }
            if (i >= filter.length || filter[i].equals("#")) {
                return false; // the filter stops earlier, or goes on where the rule does not
            }
            if (rule[i].equals("+")) {
                continue;
            }
            if (filter[i].equals("+") || !rule[i].equals(filter[i])) {
                return false;
            }
        }
        return filter.length == rule.length;
    }

    /** True when some topic is matched by both filters. */
    static boolean overlaps(String[] a, String[] b) {
        if ((dollar(a[0]) && wildcard(b[0])) || (dollar(b[0]) && wildcard(a[0]))) {
            return false;
        }
        for (int i = 0; ; i++) {
            if (i == a.length && i == b.length) {
                return true;
            }
            // '#' also matches its parent level, so it meets a filter that ends right here
            if ((i < a.length && a[i].equals("#")) || (i < b.length && b[i].equals("#"))) {
                return true;
            }
            if (i >= a.length || i >= b.length) {
                return false;
            }
            if (!a[i].equals("+") && !b[i].equals("+") && !a[i].equals(b[i])) {
                return false;
            }
        }
    }

    private static boolean wildcard(String level) {
        return level.equals("+") || level.equals("#");
    }

    private static boolean dollar(String level) {
        return level.startsWith("$");
    }
}
