package io.tributary.integration.commons.redaction;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    private static final String LOGIN_LINE = "com.example.LoginModule required "
            + "username=\"service-user\" password=\"LoginSecret-99\";";
    private final SecretKeyPatterns keys = SecretKeyPatterns.of("login.config", "*password*", "*secret*", "*token*");

    @Test
    void masksKnownValuesAndQuotedOptionsOfSecretEntries() {
        Redactor r = Redactor.builder(keys)
                .secret("bearer-abc-123")
                .secretEntries(Map.of("login.config", LOGIN_LINE, "store.password", "store-pass-1", "linger", "5"))
                .build();
        assertThat(r.redact("config " + LOGIN_LINE)).doesNotContain("LoginSecret-99").doesNotContain("LoginModule");
        assertThat(r.redact("bad LoginSecret-99 and store-pass-1, token bearer-abc-123"))
                .isEqualTo("bad **** and ****, token ****");
        assertThat(r.redact("linger 5 by service-user")).isEqualTo("linger 5 by service-user");
    }

    @Test
    void masksUrlUserInfoAndSecretQueryParameters() {
        Redactor r = Redactor.builder(keys).secretQueryParameters(SecretKeyPatterns.of("*token*", "*key*", "sig"))
                .build();
        assertThat(r.redact("POST https://user:pw-77@host.example/x?token=abc&topic=a/b&api%5Fkey=k1&sig=zz failed"))
                .isEqualTo("POST https://****@host.example/x?token=****&topic=a/b&api%5Fkey=****&sig=**** failed");
        assertThat(r.redact("git https://ghp_0123456789@github.example/repo"))
                .isEqualTo("git https://****@github.example/repo");
    }

    @Test
    void masksAssignmentsToSecretNamesItWasNotTold() {
        Redactor r = Redactor.builder(keys).build();
        assertThat(r.redact("ssl.key.password=hunter2 password=\"x y\" {\"clientSecret\": \"v\"} retries=3"))
                .isEqualTo("ssl.key.password=**** password=**** {\"clientSecret\": ****} retries=3");
    }

    @Test
    void keepsTheAuthenticationSchemeOfAnAuthorizationValue() {
        Redactor r = Redactor.builder(SecretKeyPatterns.of("authorization")).build();
        assertThat(r.redact("Authorization: Bearer abc.def.ghi; Authorization=Basic ****"))
                .isEqualTo("Authorization: Bearer ****; Authorization=Basic ****");
    }

    @Test
    void describesCauseChainsRedacted() {
        Redactor r = Redactor.builder(keys).secret("top-secret-value").build();
        Exception e = new IllegalStateException("cannot start",
                new IllegalArgumentException("bad value top-secret-value"));
        assertThat(r.describe(e)).isEqualTo(
                "IllegalStateException: cannot start; caused by IllegalArgumentException: bad value ****");
    }

    @Test
    void patternsIgnoreCaseAndMatchWholeNames() {
        SecretKeyPatterns p = SecretKeyPatterns.of("authorization", "*password*");
        assertThat(p.matches("Authorization")).isTrue();
        assertThat(p.matches("X-Password-Hint")).isTrue();
        assertThat(p.matches("authorization-mode")).isFalse();
        assertThat(p.and(SecretKeyPatterns.COMMON).matches("client_api_key")).isTrue();
    }
}
