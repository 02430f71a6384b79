package io.tributary.kafka;

/**
 * The origin a Kafka to MQTT integration gives the messages it publishes, {@code kafka:<cluster id>/<topic>},
 * and the test the Kafka (MQTT to Kafka) type makes with it to avoid sending a message back to the
 * topic it came from (an endless loop).
 */
public final class Origins {
    private static final String PREFIX = "kafka:";

    private Origins() {
    }

    public static String of(String clusterId, String topic) {
        return PREFIX + clusterId + "/" + topic;
    }

    /**
     * True when {@code origin} names {@code topic} of the cluster {@code clusterId}. When the sink does
     * not know its cluster id yet ({@code null}), a message from a topic of the same name counts as
     * coming from it: a missed loop is endless, a skipped message is reported.
     */
    public static boolean cameFrom(String origin, String clusterId, String topic) {
        if (origin == null || !origin.startsWith(PREFIX)) {
            return false;
        }
        int slash = origin.lastIndexOf('/');
        if (slash < PREFIX.length()) {
            return false;
        }
        String cluster = origin.substring(PREFIX.length(), slash);
        String originTopic = origin.substring(slash + 1);
        return originTopic.equals(topic) && (clusterId == null || clusterId.equals(cluster));
    }
}
