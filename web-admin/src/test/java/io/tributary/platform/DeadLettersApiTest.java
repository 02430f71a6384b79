package io.tributary.platform;

import io.tributary.admin.Api;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.TestPluginProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * /api/integrations/{id}/dead-letters on the real platform: messages the test plugin rejects as
 * permanently failed become dead letters, are listed newest first with their payload, are
 * delivered after a replay once the plugin accepts them, and are gone after a purge.
 */
class DeadLettersApiTest {
    private static final byte[] BINARY = {(byte) 0xff, (byte) 0xfe, 0x00, 0x01};

    @TempDir
    Path dir;
    RunningPlatform p;

    @AfterEach
    void stop() throws Exception {
        if (p != null) {
            p.close();
        }
    }

    private JsonNode list(String id, String query) {
        Api.Response r = p.api.get("/api/integrations/" + id + "/dead-letters" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private JsonNode post(String id, String action, String body) {
        Api.Response r = p.api.post("/api/integrations/" + id + "/dead-letters/" + action, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static List<Long> ids(JsonNode page) {
        return page.get("items").valueStream().map(n -> n.get("id").asLong()).toList();
    }

    /** Publishes while the plugin rejects every message; waits until all are dead letters. */
    private void rejected(String id, String... topics) throws Exception {
        long before = p.platform.deadLetters().count(id);
        TestPluginProbe.setMode(id, "permanentFailure");
        for (String topic : topics) {
            p.publish(topic, topic.endsWith("binary") ? BINARY : ("{\"topic\":\"" + topic + "\"}")
                    .getBytes(StandardCharsets.UTF_8), 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> p.platform.deadLetters().count(id) == before + topics.length);
    }

    @Test
    void permanentFailuresAreListedNewestFirstReplayedIntoDeliveryAndPurged() throws Exception {
        p = RunningPlatform.start(dir, Map.of());
        String id = p.create("rejecting", "ok", "dl/#");
        rejected(id, "dl/first", "dl/binary", "dl/third");

        JsonNode all = list(id, "");
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("items").valueStream().map(n -> n.get("topic").asString()))
                .as("newest first").containsExactly("dl/third", "dl/binary", "dl/first");
        JsonNode first = all.get("items").get(2);
        assertThat(first.get("clientId").asString()).isEqualTo("api-test-device");
        assertThat(first.get("qos").asInt()).isEqualTo(1);
        assertThat(first.get("retain").asBoolean()).isFalse();
        assertThat(first.get("attempts").asInt()).isEqualTo(1);
        assertThat(first.get("error").asString()).contains("requested by test");
        assertThat(first.get("time").asLong()).isPositive();
        assertThat(first.get("payloadText").asString()).isEqualTo("{\"topic\":\"dl/first\"}");
        assertThat(Base64.getDecoder().decode(first.get("payload").asString()))
                .isEqualTo("{\"topic\":\"dl/first\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode binary = all.get("items").get(1);
        assertThat(Base64.getDecoder().decode(binary.get("payload").asString())).isEqualTo(BINARY);
        assertThat(binary.has("payloadText")).as("not UTF-8: no text").isFalse();
        JsonNode integration = p.integration(id);
        assertThat(integration.at("/statistics/deadLetters").asLong()).isEqualTo(3);
        assertThat(integration.at("/statistics/deadLettered").asLong()).isEqualTo(3);

        // paging: limit, then before the last id shown
        JsonNode page1 = list(id, "?limit=2");
        assertThat(page1.get("total").asLong()).isEqualTo(3);
        assertThat(ids(page1)).hasSize(2).isEqualTo(ids(all).subList(0, 2));
        JsonNode page2 = list(id, "?limit=2&before=" + ids(page1).get(1));
        assertThat(ids(page2)).containsExactly(ids(all).get(2));

        // the plugin accepts again: a replayed dead letter is delivered
        TestPluginProbe.setMode(id, "ok");
        JsonNode one = post(id, "replay", "{\"ids\": [" + first.get("id").asLong() + "]}");
        assertThat(one.get("replayed").asInt()).isEqualTo(1);
        assertThat(one.get("remaining").asLong()).isEqualTo(2);
        assertThat(one.get("logFull").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.messages(id).size() == 1);
        IntegrationMessage delivered = TestPluginProbe.messages(id).get(0);
        assertThat(delivered.topic()).isEqualTo("dl/first");
        assertThat(new String(delivered.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"topic\":\"dl/first\"}");
        assertThat(delivered.clientId()).isEqualTo("api-test-device");
        assertThat(ids(list(id, ""))).doesNotContain(first.get("id").asLong());

        // an id that is gone (just replayed) is ignored
        JsonNode again = post(id, "replay", "{\"ids\": [" + first.get("id").asLong() + "]}");
        assertThat(again.get("replayed").asInt()).isZero();
        assertThat(again.get("remaining").asLong()).isEqualTo(2);

        JsonNode rest = post(id, "replay", "{\"all\": true}");
        assertThat(rest.get("replayed").asInt()).isEqualTo(2);
        assertThat(rest.get("remaining").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.messages(id).size() == 3);
        assertThat(TestPluginProbe.messages(id)).extracting(IntegrationMessage::topic)
                .containsExactlyInAnyOrder("dl/first", "dl/binary", "dl/third");
        assertThat(TestPluginProbe.messages(id).stream().filter(m -> m.topic().equals("dl/binary")).findFirst()
                .orElseThrow().payload()).isEqualTo(BINARY);
        assertThat(list(id, "").get("total").asLong()).isZero();

        // purge: some by id, then all
        rejected(id, "dl/p1", "dl/p2", "dl/p3");
        List<Long> purgeable = ids(list(id, ""));
        JsonNode purged = post(id, "purge", "{\"ids\": [" + purgeable.get(0) + ", " + purgeable.get(1) + "]}");
        assertThat(purged.get("purged").asInt()).isEqualTo(2);
        assertThat(ids(list(id, ""))).containsExactly(purgeable.get(2));
        assertThat(post(id, "purge", "{\"all\": true}").get("purged").asInt()).isEqualTo(1);
        assertThat(list(id, "").get("total").asLong()).isZero();
        assertThat(p.integration(id).at("/statistics/deadLetters").asLong()).isZero();
        assertThat(TestPluginProbe.messages(id)).as("purged ones are never delivered").hasSize(3);
    }

    @Test
    void aReplayStopsWhenTheLogIsFullAndSaysSo() throws Exception {
        p = RunningPlatform.start(dir, Map.of("integration.max-messages", "2"));
        String id = p.create("small log", "ok", "full/#");
        rejected(id, "full/1", "full/2", "full/3", "full/4");
        // disabled, it keeps what is replayed in its log
        assertThat(p.api.post("/api/integrations/" + id + "/disable", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> p.statistic(id, "queued") == 0);

        JsonNode r = post(id, "replay", "{\"all\": true}");
        assertThat(r.get("replayed").asInt()).isEqualTo(2);
        assertThat(r.get("remaining").asLong()).isEqualTo(2);
        assertThat(r.get("logFull").asBoolean()).isTrue();
        assertThat(p.statistic(id, "queued")).isEqualTo(2);
        assertThat(list(id, "").get("items").valueStream().map(n -> n.get("topic").asString()))
                .as("the oldest went first").containsExactly("full/4", "full/3");

        // enabled and accepting: the replayed ones are delivered, the log drains, the rest can follow
        TestPluginProbe.setMode(id, "ok");
        assertThat(p.api.post("/api/integrations/" + id + "/enable", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.messages(id).size() == 2
                && p.statistic(id, "queued") == 0);
        JsonNode more = post(id, "replay", "{\"all\": true}");
        assertThat(more.get("replayed").asInt()).isEqualTo(2);
        assertThat(more.get("logFull").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestPluginProbe.messages(id).size() == 4);
    }

    @Test
    void badSelectionsAre400WithFieldErrorsAndChangeNothing() throws Exception {
        p = RunningPlatform.start(dir, Map.of());
        String id = p.create("strict", "ok", "strict/#");
        rejected(id, "strict/1");
        Map<String, List<String>> cases = Map.of(
                "{}", List.of("ids"),
                "{\"all\": false}", List.of("ids"),
                "{\"ids\": []}", List.of("ids"),
                "{\"ids\": \"1\"}", List.of("ids"),
                "{\"ids\": [1, \"two\", -3, 1.5]}", List.of("ids[1]", "ids[2]", "ids[3]"),
                "{\"all\": \"yes\"}", List.of("all"),
                "{\"all\": true, \"ids\": [1]}", List.of("ids"));
        for (String action : List.of("replay", "purge")) {
            for (Map.Entry<String, List<String>> c : cases.entrySet()) {
                Api.Response r = p.api.post("/api/integrations/" + id + "/dead-letters/" + action, c.getKey());
                assertThat(r.status()).as(action + " " + c.getKey() + " → " + r).isEqualTo(400);
                assertThat(r.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                        .as(action + " " + c.getKey()).containsExactlyInAnyOrderElementsOf(c.getValue());
                r.json().get("errors").forEach(e -> assertThat(e.get("message").asString()).isNotBlank());
            }
            Api.Response malformed = p.api.post("/api/integrations/" + id + "/dead-letters/" + action, "{\"ids\": [");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.json().get("message").asString()).startsWith("malformed JSON");
        }
        for (String query : List.of("?limit=0", "?limit=1001", "?limit=ten", "?before=0", "?before=x")) {
            Api.Response r = p.api.get("/api/integrations/" + id + "/dead-letters" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().get("message").asString()).as(query).isNotBlank();
        }
        assertThat(list(id, "").get("total").asLong()).as("nothing replayed or purged").isEqualTo(1);
    }

    @Test
    void anUnknownIntegrationIs404() throws Exception {
        p = RunningPlatform.start(dir, Map.of());
        String id = UUID.randomUUID().toString();
        List<Api.Response> responses = List.of(
                p.api.get("/api/integrations/" + id + "/dead-letters"),
                p.api.post("/api/integrations/" + id + "/dead-letters/replay", "{\"all\": true}"),
                p.api.post("/api/integrations/" + id + "/dead-letters/purge", "{\"all\": true}"));
        for (Api.Response r : responses) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.json().get("message").asString()).contains(id);
        }
    }
}
