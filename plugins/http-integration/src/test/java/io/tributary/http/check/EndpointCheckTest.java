package io.tributary.http.check;

import io.tributary.http.TestServer;
import io.tributary.http.TestServer.Answer;
import io.tributary.plugin.api.check.CheckInput;
import io.tributary.plugin.api.check.CheckOutput;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tributary.http.TestConfigs.config;
import static io.tributary.http.config.HttpConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

class EndpointCheckTest {
    private TestServer server;
    private final List<String> steps = new ArrayList<>();
    private Map<String, Object> sample;

    private final CheckOutput output = new CheckOutput() {
        @Override
        public void step(String name, boolean ok, String detail) {
            steps.add((ok ? "ok " : "FAIL ") + name + ": " + detail);
        }

        @Override
        public void sampleRecord(Map<String, Object> record) {
            sample = record;
        }
    };

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.http();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void check(Object... keyValues) {
        Config config = config(keyValues);
        EndpointCheck.run(new CheckInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public String integrationName() {
                return "HTTP integration";
            }

            @Override
            public Map<String, String> metadata() {
                return Map.of();
            }

            @Override
            public IntegrationMessage sampleMessage() {
                return SampleMessages.temperature("tbmq/http-integration");
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }
        }, output);
    }

    @Test
    void aHeadRequestShowsTheEndpointAnswersAndTheSampleRequestHidesSecrets() throws Exception {
        check(URL, server.url("/in/${topicLevel[1]}"), AUTH_TYPE, "bearer", TOKEN, "secret-token",
                HEADERS, Map.of("X-Api-Key", "k-123", "X-Plain", "${clientId}"));
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0)).startsWith("ok endpoint reachable: HEAD http://127.0.0.1:" + server.port()
                + "/in/http-integration answered HTTP 200 in ");
        assertThat(steps.get(1)).isEqualTo("ok HEAD response: HTTP 200");
        TestServer.Received head = server.take(Duration.ofSeconds(5));
        assertThat(head.method()).isEqualTo("HEAD");
        assertThat(head.header("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(head.body()).isEmpty();

        assertThat(sample).containsEntry("method", "POST")
                .containsEntry("url", server.url("/in/http-integration"))
                .containsEntry("bodyFormat", "json");
        assertThat(sample.get("headers").toString()).contains("{key=Content-Type, value=application/json}",
                "{key=Authorization, value=Bearer ****}", "{key=X-Api-Key, value=****}",
                "{key=X-Plain, value=tbmq_df52bNUQ}").doesNotContain("secret-token", "k-123");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) sample.get("body");
        assertThat(body).containsEntry("payload", "eyJ0ZW1wZXJhdHVyZSI6MjV9").containsEntry("eventType", "PUBLISH_MSG")
                .containsEntry("topicName", "tbmq/http-integration");
    }

    @Test
    void secretQueryParametersOfTheUrlAreMaskedInTheCheckAnswer() {
        check(URL, server.url("/in?code=fn-key-77&api_key=k-9999&topic=${topic}"));
        assertThat(sample.get("url")).isEqualTo(server.url("/in?code=****&api_key=****&topic=tbmq/http-integration"));
        assertThat(String.join("\n", steps)).doesNotContain("fn-key-77").doesNotContain("k-9999");
    }

    @Test
    void refusedCredentialsAndMissingPagesFailTheResponseStep() {
        server.answer(Answer.status(401));
        check(URL, server.url("/"), AUTH_TYPE, "basic", USERNAME, "u", PASSWORD, "wrong-password",
                SEND_ONLY_MSG_PAYLOAD, true);
        assertThat(steps).element(1).asString()
                .isEqualTo("FAIL HEAD response: HTTP 401: the endpoint refuses the credentials");
        assertThat(sample).containsEntry("bodyFormat", "base64").containsEntry("body", "eyJ0ZW1wZXJhdHVyZSI6MjV9");
        steps.clear();
        server.answer(Answer.status(405));
        check(URL, server.url("/"));
        assertThat(steps).element(1).asString().startsWith("ok HEAD response: HTTP 405: the endpoint does not answer HEAD");
    }

    @Test
    void anUnreachableEndpointFailsTheReachableStep() {
        int port = server.port();
        server.close();
        check(URL, "http://127.0.0.1:" + port + "/");
        assertThat(steps).singleElement().asString()
                .startsWith("FAIL endpoint reachable: HEAD http://127.0.0.1:" + port + "/: ConnectException");
        assertThat(sample).isNotNull();
    }

    @Test
    void aBrokenConfigurationIsReportedWithoutARequest() {
        check(URL, "ftp://x/");
        assertThat(steps).containsExactly("FAIL configuration: restEndpointUrl: must start with http:// or https://");
        assertThat(sample).isNull();
    }
}
