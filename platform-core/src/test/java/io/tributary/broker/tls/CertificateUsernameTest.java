package io.tributary.broker.tls;

import io.tributary.tls.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which name of a client certificate becomes the user name. */
class CertificateUsernameTest {
    private final TestPki.Ca ca = TestPki.ca("names CA");

    @Test
    void takesTheCommonNameOrTheFirstAlternativeNameOfTheKindAsked() {
        var cert = ca.client("sensor-7", "sensor-7.example", "ops@example.com").cert();
        assertThat(CertificateUsername.parse("cn").from(cert)).isEqualTo("sensor-7");
        assertThat(CertificateUsername.parse("san-dns").from(cert)).isEqualTo("sensor-7.example");
        assertThat(CertificateUsername.parse("SAN-EMAIL").from(cert)).isEqualTo("ops@example.com");
        assertThat(CertificateUsername.parse("none").from(cert)).isNull();
    }

    @Test
    void aMissingNameIsNull() {
        var cert = ca.client("only-cn").cert();
        assertThat(CertificateUsername.SAN_DNS.from(cert)).isNull();
        assertThat(CertificateUsername.SAN_EMAIL.from(cert)).isNull();
        assertThat(CertificateUsername.SAN_EMAIL.word()).isEqualTo("san-email");
    }
}
