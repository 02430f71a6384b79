package io.tributary.http.platform;

import io.tributary.http.TestServer;
import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.testkit.PluginTestKit;
import io.tributary.plugin.testkit.ProcessResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test kit's generic checks against the zip {@code mvn package} built, loaded by the
 * platform's real plugin host, with a local HTTP server as the endpoint.
 */
class HttpPluginKitIT {
    private TestServer server;
    private PluginTestKit kit;

    @BeforeEach
    void setUp() throws Exception {
        server = TestServer.http();
        kit = PluginTestKit.forZip(PluginTestKit.builtZip()).type("HTTP")
                .validConfig(Map.of("restEndpointUrl", server.url("/kit/${topicLevel[0]}")))
                // the test's own HTTP server answers on threads it starts on demand
                .ignoreThreads(TestServer.THREAD_PREFIX + ".*");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void schemaIsWellFormedAndDefaultsAreValid() {
        kit.assertSchemaWellFormed();
        assertThat(kit.assertValid(Map.of("restEndpointUrl", "https://example.com/")).asMap())
                .containsEntry("requestMethod", "POST")
                .containsEntry("sendOnlyMsgPayload", false)
                .containsEntry("authType", "none")
                .containsEntry("requestTimeoutMs", 10_000L)
                .containsEntry("tlsTrust", "system");
    }

    @Test
    void invalidValuesAreReportedOnTheirFields() {
        kit.assertInvalid(Map.of("requestMethod", "GET"), "requestMethod");
        kit.assertInvalid(Map.of("requestTimeoutMs", 0), "requestTimeoutMs");
        List<FieldError> url = kit.assertInvalid(Map.of("restEndpointUrl", "http://h/${device}"), "restEndpointUrl");
        assertThat(url.get(0).message()).startsWith("unknown placeholder ${device}");
        kit.assertInvalid(Map.of("restEndpointUrl", "ftp://h/"), "restEndpointUrl");
        kit.assertInvalid(Map.of("authType", "basic"), "username", "password");
        kit.assertInvalid(Map.of("authType", "bearer"), "token");
        kit.assertInvalid(Map.of("tlsTrust", "pem", "caCertificate", "junk"), "caCertificate");
        kit.assertInvalid(Map.of("headers", Map.of("X-A", "${nope}")), "headers");
    }

    @Test
    void startAndStopAreIdempotent() {
        kit.assertStartStopIdempotent();
    }

    @Test
    void everyMessageIsDelivered() {
        List<ProcessResult> results = kit.assertProcessSucceeds(Duration.ofSeconds(10));
        assertThat(server.drain()).hasSize(results.size());
    }

    @Test
    void refusalsAndOutagesStillCompleteEveryMessage() {
        server.answer(TestServer.Answer.status(400));
        kit.assertProcessCompletes(Duration.ofSeconds(10));
        kit.validConfig(Map.of("restEndpointUrl", "http://127.0.0.1:9/unreachable", "requestTimeoutMs", 2000));
        kit.assertProcessCompletes(Duration.ofSeconds(10));
    }

    @Test
    void noThreadSurvivesStop() {
        kit.assertNoThreadLeak(Duration.ofSeconds(10));
    }

    @Test
    void theClassLoaderIsFreedAfterUnload() {
        kit.assertClassLoaderReleased(Duration.ofSeconds(30));
    }
}
