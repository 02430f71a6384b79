package io.tributary.http.delivery;

import io.tributary.http.HttpIntegrationPlugin;
import io.tributary.http.TestCertificate;
import io.tributary.http.TestServer;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.PermanentFailure;
import io.tributary.plugin.testkit.RunningIntegration;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.tributary.http.TestConfigs.values;
import static io.tributary.http.config.HttpConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

/** An HTTPS server with a self-signed certificate made by keytool for the test. */
class TlsTrustTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The seed walkthrough's message: {"temperature":25} on tbmq/http-integration at QoS 1. */
    private static final IntegrationMessage SEED = SampleMessages.temperature("tbmq/http-integration");

    @TempDir
    static Path dir;
    private static TestCertificate localhost;
    private static TestServer server;

    /** The plugin as the platform runs it, with {@code keyValues} over the schema defaults. */
    private static RunningIntegration start(Object... keyValues) {
        return RunningIntegration.start(new HttpIntegrationPlugin(), values(keyValues));
    }

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
        try (RunningIntegration it = start(URL, server.url("/s"))) {
            Throwable failure = it.processAndWait(SEED, WAIT).failure();
            assertThat(failure).isNotInstanceOf(PermanentFailure.class).hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void aPemCaCertificateIsTrustedAndTheHostNameStillChecked() throws Exception {
        try (RunningIntegration it = start(URL, server.url("/pem"), TLS_TRUST, "pem",
                CA_CERTIFICATE, localhost.pemOnOneLine())) {
            assertThat(it.processAndWait(SEED, WAIT).failure()).isNull();
        }
        assertThat(server.take(WAIT).pathAndQuery()).isEqualTo("/pem");

        TestCertificate other = TestCertificate.create(dir, "other", "dns:other.example");
        try (TestServer elsewhere = TestServer.https(other.serverContext());
             RunningIntegration it = start(URL, elsewhere.url("/pem"), TLS_TRUST, "pem",
                     CA_CERTIFICATE, other.pem())) {
            // trusted certificate, wrong name: 127.0.0.1 is not other.example
            assertThat(it.processAndWait(SEED, WAIT).failure()).hasMessageContaining("SSLHandshakeException");
        }
    }

    @Test
    void trustAllAcceptsAnyCertificateForAnyName() throws Exception {
        TestCertificate other = TestCertificate.create(dir, "any", "dns:any.example");
        try (TestServer elsewhere = TestServer.https(other.serverContext());
             RunningIntegration it = start(URL, elsewhere.url("/dev"), TLS_TRUST, "trustAll")) {
            assertThat(it.processAndWait(SEED, WAIT).failure()).isNull();
            assertThat(elsewhere.take(WAIT).pathAndQuery()).isEqualTo("/dev");
        }
    }
}
