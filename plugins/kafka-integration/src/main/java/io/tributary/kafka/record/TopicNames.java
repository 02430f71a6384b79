package io.tributary.kafka.record;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

import java.util.Optional;

/** Kafka's own topic name rules (legal characters, length, "." and ".."), as a yes/no with a reason. */
public final class TopicNames {
    private TopicNames() {
    }

    /** Why {@code topic} is not a valid Kafka topic name, or empty when it is. */
    public static Optional<String> problem(String topic) {
        try {
            Topic.validate(topic);
            return Optional.empty();
        } catch (InvalidTopicException e) {
            return Optional.of(e.getMessage());
        }
    }
}
