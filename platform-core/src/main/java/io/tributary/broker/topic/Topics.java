package io.tributary.broker.topic;

/** Validation and splitting of MQTT topic names and topic filters (MQTT 5.0 §4.7). */
public final class Topics {
    /** Prefix of a shared subscription filter: {@code $share/{group}/{filter}}. */
    public static final String SHARE_PREFIX = "$share/";

    private Topics() {
    }

    /** A topic name a client may publish to: non-empty, no wildcards, no NUL. */
    public static boolean isValidTopicName(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > 65535) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    /**
     * A valid (non-shared) topic filter: {@code #} only as the last level and alone in it,
     * {@code +} alone in its level, no NUL, not empty.
     */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty() || filter.length() > 65535) {
            return false;
        }
        int levelStart = 0;
        for (int i = 0; i <= filter.length(); i++) {
            if (i == filter.length() || filter.charAt(i) == '/') {
                String level = filter.substring(levelStart, i);
                if (level.indexOf('#') >= 0 && (!level.equals("#") || i != filter.length())) {
                    return false;
                }
                if (level.indexOf('+') >= 0 && !level.equals("+")) {
                    return false;
                }
                if (level.indexOf('\0') >= 0) {
                    return false;
                }
                levelStart = i + 1;
            }
        }
        return true;
    }

    /** Splits a topic or filter into its levels; empty levels are kept ("a//b" has three). */
    public static String[] levels(String topic) {
        // once per publish: count first, then fill, without a list in between
        int count = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        int n = 0;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                out[n++] = topic.substring(start, i);
                start = i + 1;
            }
        }
        out[n] = topic.substring(start);
        return out;
    }

    /** True when the filter matches the topic name, including the {@code $} rule. */
    public static boolean matches(String filter, String topic) {
        String[] f = levels(filter);
        String[] t = levels(topic);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /**
     * Parses a subscription filter that may be shared.
     *
     * @return the parsed filter, or {@code null} when it is invalid
     */
    public static ParsedFilter parseFilter(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.startsWith(SHARE_PREFIX)) {
            int slash = raw.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0) {
                return null;
            }
            String group = raw.substring(SHARE_PREFIX.length(), slash);
            String filter = raw.substring(slash + 1);
            if (group.isEmpty() || group.indexOf('+') >= 0 || group.indexOf('#') >= 0 || !isValidFilter(filter)) {
                return null;
            }
            return new ParsedFilter(raw, filter, group);
        }
        return isValidFilter(raw) ? new ParsedFilter(raw, raw, null) : null;
    }

    /**
     * A subscription filter as given by the client and its parts.
     *
     * @param raw        the filter as subscribed, e.g. {@code $share/g/a/#}
     * @param filter     the topic filter part, e.g. {@code a/#}
     * @param shareGroup the share group, or {@code null} for a normal subscription
     */
    public record ParsedFilter(String raw, String filter, String shareGroup) {
        public boolean shared() {
            return shareGroup != null;
        }
    }
}
