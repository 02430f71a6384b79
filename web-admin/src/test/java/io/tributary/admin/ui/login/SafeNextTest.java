package io.tributary.admin.ui.login;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code next} parameter of the login page only ever leads to a path of this server. */
class SafeNextTest {
    @ParameterizedTest
    @ValueSource(strings = {"//evil.com", "https://evil.com", "http://evil.com/integrations", "/\\evil.com",
            "/\t/evil.com", "/\n/evil.com", "/\r\n/evil.com", " /evil", "\\\\evil.com", "/%2fevil.com", "/%2F%2Fevil.com",
            "/%5cevil.com", "/%09/evil.com", "javascript:alert(1)", "evil.com", "", "/login?next=//evil.com",
            "/\u0000/evil.com"})
    void refusesAnythingThatIsNotALocalPath(String next) {
        assertThat(LoginController.safeNext(next)).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/integrations", "/integrations/42?tab=events", "/plugins", "/websocket#x"})
    void keepsLocalPaths(String next) {
        assertThat(LoginController.safeNext(next)).isEqualTo(next);
    }
}
