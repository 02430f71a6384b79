package io.tributary.broker.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a", "a/b", "a/+/b", "a/#", "+/+", "+/#", "/", "a//b", "/#", "$SYS/#", "a/$b"})
    void validFilters(String filter) {
        assertThat(Topics.isValidFilter(filter)).isTrue();
        assertThat(Topics.parseFilter(filter)).isEqualTo(new Topics.ParsedFilter(filter, filter, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a#", "a/#/b", "#/a", "a+", "a/b+", "+a/b", "a/##", "a/++", "a/\0"})
    void invalidFilters(String filter) {
        assertThat(Topics.isValidFilter(filter)).isFalse();
        assertThat(Topics.parseFilter(filter)).isNull();
    }

    @Test
    void sharedFilters() {
        assertThat(Topics.parseFilter("$share/g1/a/#")).isEqualTo(new Topics.ParsedFilter("$share/g1/a/#", "a/#", "g1"));
        assertThat(Topics.parseFilter("$share/g/+")).isEqualTo(new Topics.ParsedFilter("$share/g/+", "+", "g"));
        assertThat(Topics.parseFilter("$share/g/a").shared()).isTrue();
        assertThat(Topics.parseFilter("$share/g")).isNull();
        assertThat(Topics.parseFilter("$share/")).isNull();
        assertThat(Topics.parseFilter("$share//a")).isNull();
        assertThat(Topics.parseFilter("$share/g+/a")).isNull();
        assertThat(Topics.parseFilter("$share/g#/a")).isNull();
        assertThat(Topics.parseFilter("$share/g/a#")).isNull();
        assertThat(Topics.parseFilter("$share/g/")).isNull(); // empty filter
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b", "/", "a//b", "$SYS/x", "with space/ü"})
    void validTopicNames(String topic) {
        assertThat(Topics.isValidTopicName(topic)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/+", "a/#", "+", "#", "a+b", "a\0b"})
    void invalidTopicNames(String topic) {
        assertThat(Topics.isValidTopicName(topic)).isFalse();
    }

    @Test
    void levelsKeepEmptyLevels() {
        assertThat(Topics.levels("a//b")).containsExactly("a", "", "b");
        assertThat(Topics.levels("/")).containsExactly("", "");
        assertThat(Topics.levels("a")).containsExactly("a");
    }

    @Test
    void matchesFollowsTheSpecExamples() {
        assertThat(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1")).isTrue();
        assertThat(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1/ranking")).isTrue();
        assertThat(Topics.matches("sport/#", "sport")).isTrue();
        assertThat(Topics.matches("sport/+", "sport")).isFalse();
        assertThat(Topics.matches("sport/+", "sport/")).isTrue();
        assertThat(Topics.matches("+/+", "/finance")).isTrue();
        assertThat(Topics.matches("/+", "/finance")).isTrue();
        assertThat(Topics.matches("+", "/finance")).isFalse();
        assertThat(Topics.matches("#", "$SYS/x")).isFalse();
        assertThat(Topics.matches("+/monitor/Clients", "$SYS/monitor/Clients")).isFalse();
        assertThat(Topics.matches("$SYS/#", "$SYS/monitor/Clients")).isTrue();
        assertThat(Topics.matches("$SYS/monitor/+", "$SYS/monitor/Clients")).isTrue();
    }
}
