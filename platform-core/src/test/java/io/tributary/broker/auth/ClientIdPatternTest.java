package io.tributary.broker.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientIdPatternTest {
    @Test
    void starAllowsAnyClientId() {
        assertThat(ClientIdPattern.of("*").matches("anything/at all", null)).isTrue();
    }

    @Test
    void userNameIsSubstitutedLiterally() {
        ClientIdPattern p = ClientIdPattern.of("%u-*");
        assertThat(p.matches("alice-1", "alice")).isTrue();
        assertThat(p.matches("alice", "alice")).isFalse();
        assertThat(p.matches("bob-1", "alice")).isFalse();
        assertThat(p.matches("alice-1", null)).as("anonymous has no %u").isFalse();
        // regex characters in a user name match only themselves
        assertThat(ClientIdPattern.of("%u").matches("a.c", "a.c")).isTrue();
        assertThat(ClientIdPattern.of("%u").matches("abc", "a.c")).isFalse();
        assertThat(ClientIdPattern.of("%u").matches("anything", "*")).isFalse();
    }

    @Test
    void questionMarkIsOneCharacter() {
        assertThat(ClientIdPattern.of("dev-??").matches("dev-01", "u")).isTrue();
        assertThat(ClientIdPattern.of("dev-??").matches("dev-1", "u")).isFalse();
        assertThat(ClientIdPattern.of("dev-(1)").matches("dev-(1)", "u")).isTrue();
    }

    @Test
    void emptyOrControlCharactersAreRefused() {
        assertThatThrownBy(() -> ClientIdPattern.of("")).hasMessage("must not be empty");
        assertThatThrownBy(() -> ClientIdPattern.of("a\nb")).hasMessageContaining("control");
    }
}
