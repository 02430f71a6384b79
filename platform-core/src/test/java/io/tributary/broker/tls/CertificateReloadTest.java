package io.tributary.broker.tls;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.TestBroker;
import io.tributary.tls.CertificateReloader;
import io.tributary.tls.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Renewed certificate files are picked up while running; broken ones leave the old certificate in use. */
class CertificateReloadTest {
    @TempDir
    Path dir;
    private TlsFixture pki;
    private TestBroker broker;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(CertificateReloader.class);

    @BeforeEach
    void start() throws Exception {
        pki = new TlsFixture(dir);
        logs.start();
        reloaderLog.addAppender(logs);
        Map<String, String> config = pki.serverConfig();
        config.put("mqtt.tls.reload-interval-seconds", "1");
        broker = TestBroker.start(config);
    }

    @AfterEach
    void stop() {
        broker.close();
        reloaderLog.detachAppender(logs);
    }

    /** The subject CN of the certificate a new TLS connection is shown. */
    private String presented() throws Exception {
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        try (SSLSocket s = (SSLSocket) TestPki.clientContext(pki.ca.cert(), null, null, seen).getSocketFactory()
                .createSocket("127.0.0.1", broker.tlsPort())) {
            s.startHandshake();
        }
        return seen.get().getSubjectX500Principal().getName();
    }

    /** Replaces {@code target} in one step, as a deployment tool renaming a finished file does. */
    private void replace(Path target, String content) throws Exception {
        Path tmp = Files.writeString(dir.resolve(target.getFileName() + ".new"), content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void install(TestPki.Issued server) throws Exception {
        Path cert = TestPki.writeCerts(dir.resolve("staged-cert.pem"), server.cert(), pki.ca.cert());
        Path key = TestPki.writeKey(dir.resolve("staged-key.pem"), server.key());
        replace(pki.keyFile, Files.readString(key));
        replace(pki.certFile, Files.readString(cert));
    }

    private long errors(String containing) {
        return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                .filter(e -> e.getFormattedMessage().contains(containing)).count();
    }

    @Test
    void aRenewedCertificateIsUsedForNewConnectionsWhileOldOnesCarryOn() throws Exception {
        assertThat(presented()).contains("CN=tributary-test-server");
        try (TestClient early = TlsFixture.pahoV5(broker.sslUri(), "early", pki.context())) {
            early.subscribe("renew", 1);
            install(pki.ca.server("renewed-server"));
            await().atMost(Duration.ofSeconds(10)).until(() -> presented().contains("CN=renewed-server"));
            assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.INFO
                    && e.getFormattedMessage().contains("reloaded for new connections")
                    && e.getFormattedMessage().contains("CN=renewed-server"));
            // the connection made with the old certificate is untouched
            try (TestClient late = TlsFixture.pahoV5(broker.sslUri(), "late", pki.context())) {
                late.publish("renew", "after renewal", 1, false);
                assertThat(early.take(1).get(0).text()).isEqualTo("after renewal");
            }
        }
    }

    @Test
    void aBrokenOrHalfReplacedCertificateKeepsThePreviousOneAndLogsAnError() throws Exception {
        replace(pki.certFile, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> errors("keeping the previous certificate") == 1);
        assertThat(presented()).contains("CN=tributary-test-server");

        // a new certificate whose key has not been copied yet
        TestPki.Issued next = pki.ca.server("next-server");
        replace(pki.certFile, Files.readString(TestPki.writeCerts(dir.resolve("next.pem"), next.cert())));
        await().atMost(Duration.ofSeconds(10)).until(() -> errors("does not belong to the certificate") == 1);
        assertThat(presented()).contains("CN=tributary-test-server");

        // the key arrives: now it is used, and nothing more was logged as an error meanwhile
        replace(pki.keyFile, Files.readString(TestPki.writeKey(dir.resolve("next-key.pem"), next.key())));
        await().atMost(Duration.ofSeconds(10)).until(() -> presented().contains("CN=next-server"));
        assertThat(errors("")).isEqualTo(2);
    }
}
