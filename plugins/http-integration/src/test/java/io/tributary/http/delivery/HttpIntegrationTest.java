package io.tributary.http.delivery;

import io.tributary.http.HttpIntegrationPlugin;
import io.tributary.http.TestConfigs;
import io.tributary.http.TestServer;
import io.tributary.http.TestServer.Answer;
import io.tributary.http.config.HttpSettings;
import io.tributary.integration.commons.record.JsonRecordEncoder;
import io.tributary.integration.commons.record.RecordContext;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.runtime.PermanentFailure;
import io.tributary.plugin.testkit.KitContext;
import io.tributary.plugin.testkit.RecordedEvents.Connectivity;
import io.tributary.plugin.testkit.RunningIntegration;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tributary.http.config.HttpConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Requests against a local JDK HTTP server: what arrives, and what each answer means for the platform. */
class HttpIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The seed walkthrough's message: {"temperature":25} on tbmq/http-integration at QoS 1. */
    private static final IntegrationMessage SEED = SampleMessages.temperature("tbmq/http-integration");

    private TestServer server;

    /** The plugin as the platform runs it, with {@code keyValues} over the schema defaults. */
    private static RunningIntegration start(KitContext context, Object... keyValues) {
        return RunningIntegration.start(new HttpIntegrationPlugin(), TestConfigs.values(keyValues), context);
    }

    private static RunningIntegration start(Object... keyValues) {
        return start(new KitContext(HttpIntegrationPlugin.TYPE, Map.of()), keyValues);
    }

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.http();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theBodyIsTheSameJsonRecordTheOtherIntegrationsSend() throws Exception {
        Map<String, String> metadata = Map.of("site", "plant1");
        KitContext ctx = new KitContext(HttpIntegrationPlugin.TYPE, metadata);
        try (RunningIntegration it = start(ctx, URL, server.url("/ingest"))) {
            assertThat(it.processAndWait(SEED, WAIT).failure()).isNull();
        }
        TestServer.Received r = server.take(WAIT);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.pathAndQuery()).isEqualTo("/ingest");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        byte[] expected = new JsonRecordEncoder(new RecordContext(ctx.integrationName(), metadata, ctx.executorNodeId()))
                .encode(SEED);
        assertThat(r.bodyText()).isEqualTo(new String(expected, StandardCharsets.UTF_8))
                .startsWith("{\"payload\":\"eyJ0ZW1wZXJhdHVyZSI6MjV9\",\"topicName\":\"tbmq/http-integration\"");
    }

    @Test
    void rawModeDeliversThePayloadByteForByte() throws Exception {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        try (RunningIntegration it = start(URL, server.url("/raw"), SEND_ONLY_MSG_PAYLOAD, true,
                METHOD, "PUT")) {
            assertThat(it.processAndWait(SampleMessages.builder("bin", payload).build(), WAIT).failure()).isNull();
        }
        TestServer.Received r = server.take(WAIT);
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.body()).isEqualTo(payload);
        assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test
    void templatesInTheUrlAndHeadersAreExpandedPerMessage() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Device", "${topicLevel[2]}");
        headers.put("X-Static", "fixed value");
        headers.put("X-Meta", "${metadata.site}|${integrationName}|${qos}|${retain}");
        try (RunningIntegration it = start(new KitContext(HttpIntegrationPlugin.TYPE, Map.of("site", "p1")).named("HTTP integration"),
                URL, server.url("/d/${topicLevel[2]}?client=${clientId}"), HEADERS, headers)) {
            IntegrationMessage m = SampleMessages.builder("tbmq/devices/device 01/status", new byte[0]).qos(2).retain(true).build();
            assertThat(it.processAndWait(m, WAIT).failure()).isNull();
        }
        TestServer.Received r = server.take(WAIT);
        assertThat(r.pathAndQuery()).isEqualTo("/d/device%2001?client=tbmq_df52bNUQ");
        assertThat(r.header("X-Device")).isEqualTo("device 01");
        assertThat(r.header("X-Static")).isEqualTo("fixed value");
        assertThat(r.header("X-Meta")).isEqualTo("p1|HTTP integration|2|true");
    }

    @Test
    void basicAndBearerCredentialsArriveInTheAuthorizationHeader() throws Exception {
        try (RunningIntegration it = start(URL, server.url("/"), AUTH_TYPE, "basic",
                USERNAME, "device", PASSWORD, "s3cret!")) {
            assertThat(it.processAndWait(SEED, WAIT).failure()).isNull();
        }
        assertThat(server.take(WAIT).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("device:s3cret!".getBytes(StandardCharsets.UTF_8)));
        try (RunningIntegration it = start(URL, server.url("/"), AUTH_TYPE, "bearer", TOKEN, "tok.en-1")) {
            assertThat(it.processAndWait(SEED, WAIT).failure()).isNull();
        }
        assertThat(server.take(WAIT).header("Authorization")).isEqualTo("Bearer tok.en-1");
    }

    @Test
    void serverErrorsAreRetriedAndReportedAsConnectedAnswers() throws Exception {
        server.answer(Answer.status(503, "maintenance"));
        try (RunningIntegration it = start(URL, server.url("/x?device=hidden"))) {
            Throwable failure = it.processAndWait(SEED, WAIT).failure();
            assertThat(failure).isNotNull().isNotInstanceOf(PermanentFailure.class)
                    .hasMessage("HTTP 503 from POST http://127.0.0.1:" + server.port() + "/x?…: maintenance");
            server.answer(Answer.status(429));
            assertThat(it.processAndWait(SEED, WAIT).failure()).isNotNull().isNotInstanceOf(PermanentFailure.class);
            server.answer(Answer.status(204));
            assertThat(it.processAndWait(SEED, WAIT).failure()).isNull();
            assertThat(it.events().connectivity()).hasSize(1).first().asString().startsWith("connected: HTTP 503");
        }
    }

    @Test
    void clientErrorsArePermanentWithTheStatusAndABodyExcerptWithoutSecrets() throws Exception {
        server.answer(Answer.status(400)).echoHeaders("Authorization", "X-Api-Key");
        try (RunningIntegration it = start(URL, server.url("/x"), AUTH_TYPE, "bearer",
                TOKEN, "very-secret-token", HEADERS, Map.of("X-Api-Key", "key-1234567"))) {
            Throwable failure = it.processAndWait(SEED, WAIT).failure();
            assertThat(failure).isInstanceOf(PermanentFailure.class)
                    .hasMessage("HTTP 400 from POST http://127.0.0.1:" + server.port()
                            + "/x: Authorization=Bearer ****; X-Api-Key=****;")
                    .hasMessageNotContaining("very-secret-token").hasMessageNotContaining("key-1234567");
        }
        server.answer(new Answer(404, "x".repeat(5000), Duration.ZERO));
        try (RunningIntegration it = start(URL, server.url("/missing"))) {
            Throwable failure = it.processAndWait(SEED, WAIT).failure();
            assertThat(failure).isInstanceOf(PermanentFailure.class);
            assertThat(failure.getMessage()).hasSizeLessThan(300).endsWith("x…");
        }
    }

    @Test
    void aTimeoutIsARetryableFailureWithinTheTimeout() throws Exception {
        server.answer(Answer.slow(Duration.ofSeconds(5)));
        try (RunningIntegration it = start(URL, server.url("/slow"), TIMEOUT_MS, 300)) {
            long started = System.nanoTime();
            Throwable failure = it.processAndWait(SEED, WAIT).failure();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(failure).isNotInstanceOf(PermanentFailure.class)
                    .hasMessageContaining("no response within the request timeout");
            assertThat(it.events().connectivity()).containsExactly(new Connectivity(false, failure.getMessage()));
        }
    }

    @Test
    void anUnreachableEndpointIsARetryableFailure() throws Exception {
        int port = server.port();
        server.close();
        try (RunningIntegration it = start(URL, "http://127.0.0.1:" + port + "/gone")) {
            Throwable failure = it.processAndWait(SEED, WAIT).failure();
            assertThat(failure).isNotInstanceOf(PermanentFailure.class)
                    .hasMessageStartingWith("POST http://127.0.0.1:" + port + "/gone failed: ConnectException");
            assertThat(it.events().connectivity()).singleElement().asString().startsWith("disconnected: ");
        }
    }

    @Test
    void aMessageThatCannotBecomeARequestFailsPermanently() throws Exception {
        try (RunningIntegration it = start(URL, "http://${topicLevel[0]}:" + server.port() + "/x")) {
            assertThat(it.processAndWait(SampleMessages.builder("/no-host", new byte[0]).build(), WAIT).failure())
                    .isInstanceOf(PermanentFailure.class).hasMessageContaining("has no host name");
            assertThat(it.processAndWait(SampleMessages.builder("127.0.0.1/x", new byte[0]).build(), WAIT).failure()).isNull();
        }
    }

    @Test
    void processOutsideStartAndStopFailsAndStopIsIdempotent() throws Exception {
        try (RunningIntegration it = start(URL, server.url("/"))) {
            it.stop();
            it.stop();
            assertThatThrownBy(() -> it.process(SEED).get(1, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
        // stop without start
        new HttpIntegration(HttpSettings.from(TestConfigs.config(URL, "http://h/"))).stop(() -> Duration.ofSeconds(1));
    }

    @Test
    void stopCompletesRequestsInFlightAndLeavesNoThreadBehind() throws Exception {
        server.answer(Answer.slow(Duration.ofSeconds(30)));
        try (RunningIntegration it = start(URL, server.url("/hang"), TIMEOUT_MS, 60_000)) {
            CompletableFuture<Void> pending = it.process(SEED);
            server.take(WAIT);
            long started = System.nanoTime();
            it.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS)).hasMessageContaining("the integration stopped");
            assertThat(ThreadsOf.integration(it.integrationId())).isEmpty();
        }
        // Java 17 has no HttpClient.shutdownNow: its selector thread ends once the client is collected
        ThreadsOf.awaitNoHttpClientThreads(Duration.ofSeconds(10));
    }
}
