package io.tributary.http.delivery;

import io.tributary.http.Messages;
import io.tributary.http.RunningIntegration;
import io.tributary.http.TestCertificate;
import io.tributary.http.TestServer;
import io.tributary.plugin.api.runtime.PermanentFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.tributary.http.config.HttpConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

/** An HTTPS server with a self-signed certificate made by keytool for the test. */
class TlsTrustTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static TestCertificate localhost;
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        localhost = TestCertificate.create(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        server = TestServer.https(localhost.serverContext());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void theSystemTrustStoreRefusesASelfSignedCertificate() throws Exception {
        try (RunningIntegration it = RunningIntegration.start(URL, server.url("/s"))) {
            Throwable failure = it.outcome(Messages.seed(), WAIT);
            assertThat(failure).isNotInstanceOf(PermanentFailure.class).hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void aPemCaCertificateIsTrustedAndTheHostNameStillChecked() throws Exception {
        try (RunningIntegration it = RunningIntegration.start(URL, server.url("/pem"), TLS_TRUST, "pem",
                CA_CERTIFICATE, localhost.pemOnOneLine())) {
            assertThat(it.outcome(Messages.seed(), WAIT)).isNull();
        }
        assertThat(server.take(WAIT).pathAndQuery()).isEqualTo("/pem");

        TestCertificate other = TestCertificate.create(dir, "other", "dns:other.example");
        try (TestServer elsewhere = TestServer.https(other.serverContext());
             RunningIntegration it = RunningIntegration.start(URL, elsewhere.url("/pem"), TLS_TRUST, "pem",
                     CA_CERTIFICATE, other.pem())) {
            // trusted certificate, wrong name: 127.0.0.1 is not other.example
            assertThat(it.outcome(Messages.seed(), WAIT)).hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void trustAllAcceptsAnyCertificateForAnyName() throws Exception {
        TestCertificate other = TestCertificate.create(dir, "any", "dns:any.example");
        try (TestServer elsewhere = TestServer.https(other.serverContext());
             RunningIntegration it = RunningIntegration.start(URL, elsewhere.url("/dev"), TLS_TRUST, "trustAll")) {
            assertThat(it.outcome(Messages.seed(), WAIT)).isNull();
            assertThat(elsewhere.take(WAIT).pathAndQuery()).isEqualTo("/dev");
        }
    }
}
