package io.tributary.mqtt.publish;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicNamesTest {
    @Test
    void ordinaryTopicNamesHaveNoProblem() {
        assertThat(TopicNames.problem("a")).isEmpty();
        assertThat(TopicNames.problem("site-a/room 1/température")).isEmpty();
        assertThat(TopicNames.problem("/leading/and/trailing/")).isEmpty();
        assertThat(TopicNames.problem("a//b")).as("empty levels are legal").isEmpty();
        assertThat(TopicNames.problem("x".repeat(TopicNames.MAX_BYTES))).isEmpty();
    }

    @Test
    void whatNoBrokerAcceptsToPublishToIsNamed() {
        assertThat(TopicNames.problem(null)).contains("is empty");
        assertThat(TopicNames.problem("")).contains("is empty");
        assertThat(TopicNames.problem("a/+/b")).hasValueSatisfying(p -> assertThat(p).contains("wildcard"));
        assertThat(TopicNames.problem("a/#")).hasValueSatisfying(p -> assertThat(p).contains("wildcard"));
        assertThat(TopicNames.problem("$SYS/broker")).hasValueSatisfying(p -> assertThat(p).startsWith("starts with $"));
        assertThat(TopicNames.problem("a\u0000b")).contains("contains the null character");
    }

    @Test
    void theLengthIsCountedInUtf8Bytes() {
        // 'é' is two bytes: half as many characters exceed the limit
        assertThat(TopicNames.problem("é".repeat(TopicNames.MAX_BYTES / 2))).isEmpty();
        assertThat(TopicNames.problem("é".repeat(TopicNames.MAX_BYTES / 2 + 1)))
                .contains("is longer than 65535 bytes");
    }
}
