package io.tributary.admin.https;

import io.tributary.admin.AdminServer;
import io.tributary.admin.FakeCatalog;
import io.tributary.admin.FakeRuntime;
import io.tributary.admin.TestPlugin;
import io.tributary.admin.auth.AdminCredentials;
import io.tributary.config.ConfigException;
import io.tributary.config.TributaryConfig;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.storage.Database;
import io.tributary.storage.IntegrationRepository;
import io.tributary.storage.SqliteDeadLetterStore;
import io.tributary.storage.SqliteEventSink;
import io.tributary.tls.KeyFiles;
import io.tributary.tls.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin over HTTPS with a certificate from a test CA: login, Secure cookies, API, reload. */
class AdminHttpsTest {
    private static final String USER = "admin";
    private static final String PASSWORD = "https-admin-password";

    @TempDir
    Path dir;
    private final TestPki.Ca ca = TestPki.ca("Admin test CA");
    private Database db;
    private AdminServer server;
    private AdminHttps https;
    private Path certFile;
    private Path keyFile;

    @BeforeEach
    void start() throws Exception {
        TestPki.Issued cert = ca.server("admin-1");
        certFile = TestPki.writeCerts(dir.resolve("admin.pem"), cert.cert(), ca.cert());
        keyFile = TestPki.writeKey(dir.resolve("admin-key.pem"), cert.key());
        https = AdminHttps.from(TributaryConfig.of(Map.of("admin.tls.cert", certFile.toString(),
                "admin.tls.key", keyFile.toString(), "admin.tls.reload-interval-seconds", "0")));
        db = Database.open(dir.resolve("data/tributary.db"));
        SqliteEventSink events = new SqliteEventSink(db);
        FakeRuntime runtime = new FakeRuntime();
        FakeCatalog catalog = FakeCatalog.with(new TestPlugin());
        IntegrationService service = new IntegrationService(new IntegrationRepository(db), catalog, runtime, events);
        server = new AdminServer(service, catalog, events, runtime,
                new DeadLetterService(new SqliteDeadLetterStore(db), runtime),
                new AdminCredentials(null, USER, PASSWORD, p -> { })).broker(8084, "/mqtt", "https-test")
                .secureWebSocket(8085).https(https).start(0, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        server.stop();
        db.close();
    }

    private HttpClient client(AtomicReference<X509Certificate> seen) {
        SSLContext ssl = TestPki.clientContext(ca.cert(), null, null, seen);
        return HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }

    /** The Set-Cookie header that sets {@code name}. */
    private static String setCookie(HttpResponse<?> response, String name) {
        List<String> all = response.headers().allValues("set-cookie");
        return all.stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + all));
    }

    @Test
    void loginOverHttpsSetsSecureCookiesAndTheApiAnswers() throws Exception {
        assertThat(server.scheme()).isEqualTo("https");
        HttpClient http = client(new AtomicReference<>());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String loginCookie = setCookie(page, "tributary_login");
        assertThat(loginCookie).contains("Secure");
        String token = loginCookie.substring("tributary_login=".length(), loginCookie.indexOf(';'));

        String form = "username=" + USER + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next=%2Fintegrations";
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "tributary_login=" + token)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(303);
        String session = setCookie(login, "tributary_session");
        assertThat(session).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");

        // a page served over HTTPS may only open wss:// connections: the WebSocket client offers the secure port
        String sessionToken = session.substring("tributary_session=".length(), session.indexOf(';'));
        HttpResponse<String> wsPage = http.send(HttpRequest.newBuilder(uri("/websocket"))
                .header("Cookie", "tributary_session=" + sessionToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wsPage.statusCode()).isEqualTo(200);
        assertThat(wsPage.body()).contains("value=\"wss://127.0.0.1:8085/mqtt\"");

        HttpResponse<String> api = http.send(HttpRequest.newBuilder(uri("/api/integrations"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).startsWith("[");
    }

    @Test
    void plainHttpIsNotServedAndAClientWithoutTheCaRefusesTheServer() {
        HttpClient plain = HttpClient.newHttpClient();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        HttpClient untrusting = HttpClient.newBuilder()
                .sslContext(TestPki.clientContext(TestPki.ca("other").cert(), null, null)).build();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(uri("/login")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void renewedCertificateFilesAreServedWithoutRestart() throws Exception {
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        client(seen).send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(seen.get().getSubjectX500Principal().getName()).contains("CN=admin-1");

        TestPki.Issued renewed = ca.server("admin-2");
        Files.writeString(keyFile, Files.readString(TestPki.writeKey(dir.resolve("k2.pem"), renewed.key())));
        Files.writeString(certFile, Files.readString(
                TestPki.writeCerts(dir.resolve("c2.pem"), renewed.cert(), ca.cert())));
        assertThat(https.checkForChanges()).isTrue();

        client(seen).send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(seen.get().getSubjectX500Principal().getName()).contains("CN=admin-2");
    }

    @Test
    void incompleteOrMissingKeyMaterialIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> AdminHttps.from(TributaryConfig.of(Map.of("admin.tls.cert", certFile.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.tls.key must be set together with admin.tls.cert");
        assertThatThrownBy(() -> AdminHttps.from(TributaryConfig.of(Map.of("admin.tls.keystore",
                dir.resolve("missing.p12").toString())))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.tls.keystore").hasMessageContaining("does not exist");
        assertThat(AdminHttps.from(TributaryConfig.of(Map.of()))).isNull();
        assertThat(KeyFiles.from(TributaryConfig.of(Map.of()), AdminHttps.KEYS)).isNull();
    }
}
