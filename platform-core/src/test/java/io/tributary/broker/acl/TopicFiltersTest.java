package io.tributary.broker.acl;

import io.tributary.broker.topic.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The set relations ACL decisions rest on: a wrong answer here opens or closes topics by mistake. */
class TopicFiltersTest {

    @ParameterizedTest(name = "rule {0} covers {1}: {2}")
    @CsvSource({
            "a/#, a/+/b, true",
            "a/#, a, true",          // '#' includes its parent level
            "a/#, a/#, true",
            "a/#, a/b/c/d, true",
            "a/+, a/#, false",        // a/# reaches deeper than a/+
            "a/+, a/b, true",
            "a/+, a/+, true",
            "a/+, a, false",
            "a/+, a/b/c, false",
            "a/b, a/+, false",        // a literal covers only itself
            "a/b, a/b, true",
            "a/b, a/c, false",
            "#, #, true",
            "#, a/+/#, true",
            "+/#, a, true",
            "+, a/b, false",
            "+/+, +/+, true",
            "+/b, +/+, false",
            "a/+/c, a/+/c, true",
            "a/+/c, a/#, false",
            "#, $SYS/#, false",       // wildcards at the first level do not reach $ topics
            "+/#, $SYS/x, false",
            "$SYS/#, $SYS/broker/x, true",
            "a//b, a//b, true",       // empty levels are levels
            "a/+/b, a//b, true",
    })
    void covers(String rule, String filter, boolean expected) {
        assertThat(TopicFilters.covers(Topics.levels(rule), Topics.levels(filter))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource({
            "secret/#, #, true",
            "secret/#, +/x, true",
            "secret/#, public/#, false",
            "a/b, a/+, true",
            "a/b, a/b/c, false",
            "a/b/#, a, false",
            "a/#, a, true",
            "a/+, a, false",
            "+/+, a, false",
            "+, +, true",
            "a/+/c, a/b/+, true",
            "a/+/c, a/b/d, false",
            "#, $SYS/x, false",
            "$SYS/#, +/x, false",
            "$SYS/#, $SYS/+, true",
    })
    void overlaps(String a, String b, boolean expected) {
        assertThat(TopicFilters.overlaps(Topics.levels(a), Topics.levels(b))).isEqualTo(expected);
        assertThat(TopicFilters.overlaps(Topics.levels(b), Topics.levels(a))).as("symmetric").isEqualTo(expected);
    }

    @ParameterizedTest(name = "rule {0} matches topic {1}: {2}")
    @CsvSource({
            "a/#, a, true",
            "a/#, a/b/c, true",
            "a/+, a/b, true",
            "a/+, a/b/c, false",
            "a/+, a, false",
            "+/+, a/, true",
            "#, $SYS/x, false",
            "$SYS/#, $SYS/x, true",
            "a/b, a/b, true",
            "a/b, a/bc, false",
    })
    void matches(String rule, String topic, boolean expected) {
        assertThat(TopicFilters.matches(Topics.levels(rule), Topics.levels(topic))).isEqualTo(expected);
        assertThat(Topics.matches(rule, topic)).as("same answer as subscription matching").isEqualTo(expected);
    }
}
