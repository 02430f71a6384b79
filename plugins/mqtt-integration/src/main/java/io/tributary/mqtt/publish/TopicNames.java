package io.tributary.mqtt.publish;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The rules of an MQTT topic name a message can be published to (MQTT 5 §4.7). */
public final class TopicNames {
    /** A UTF-8 string of an MQTT packet holds at most this many bytes. */
    public static final int MAX_BYTES = 65_535;

    private TopicNames() {
    }

    /** What is wrong with {@code topic} as a topic to publish to, if anything. */
    public static Optional<String> problem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return Optional.of("is empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return Optional.of("contains a wildcard (+ or #), which a topic name to publish to must not");
        }
        if (topic.startsWith("$")) {
            return Optional.of("starts with $, which brokers keep for themselves ($SYS/...)");
        }
        if (topic.indexOf('\u0000') >= 0) {
            return Optional.of("contains the null character");
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("is longer than " + MAX_BYTES + " bytes");
        }
        return Optional.empty();
    }
}
