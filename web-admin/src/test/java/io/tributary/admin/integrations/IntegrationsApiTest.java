package io.tributary.admin.integrations;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.Api;
import io.tributary.admin.Bodies;
import io.tributary.admin.FakeRuntime;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;
import io.tributary.integration.schema.ConfigSchemas;
import io.tributary.plugin.api.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tributary.admin.Bodies.MAP_SECRET;
import static io.tributary.admin.Bodies.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** Create, read, update, delete over HTTP; secrets never come back. */
class IntegrationsApiTest {
    @TempDir
    Path dir;
    AdminFixture admin;

    @BeforeEach
    void start() {
        admin = AdminFixture.start(dir);
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private String create(Map<String, Object> body) {
        Api.Response r = admin.api.post("/api/integrations", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    @Test
    void createStoresDefaultsStartsItAndReturnsItWithSecretsMasked() {
        Api.Response r = admin.api.post("/api/integrations", Bodies.integration("orders"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.body()).doesNotContain(SECRET).doesNotContain(MAP_SECRET);

        JsonNode json = r.json();
        String id = json.get("id").asString();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(json.get("name").asString()).isEqualTo("orders");
        assertThat(json.get("type").asString()).isEqualTo("TEST");
        assertThat(json.get("enabled").asBoolean()).as("enabled unless told otherwise").isTrue();
        assertThat(json.get("createdTime").asLong()).isPositive();
        JsonNode client = json.at("/configuration/clientConfiguration");
        assertThat(client.get("password").asString()).isEqualTo(ConfigSchemas.MASK);
        assertThat(client.at("/properties/sasl.password").asString()).isEqualTo(ConfigSchemas.MASK);
        assertThat(client.at("/properties/acks").asString()).isEqualTo("all");
        assertThat(client.get("batchSize").asLong()).as("schema default applied").isEqualTo(100);
        assertThat(client.get("topic").asString()).isEqualTo("tbmq.messages");
        assertThat(json.at("/configuration/topicFilters/0").asString()).isEqualTo("sensors/#");
        assertThat(json.at("/configuration/metadata/site").asString()).isEqualTo("north");
        assertThat(json.at("/additionalInfo/description").asString()).isEqualTo("to nowhere");
        assertThat(json.at("/status/status").asString()).isEqualTo("ACTIVE");
        assertThat(json.at("/status/connected").asBoolean()).isTrue();
        assertThat(json.at("/statistics/matched").asLong()).isEqualTo(FakeRuntime.STATS.matched());
        assertThat(json.at("/statistics/queuedBytes").asLong()).isEqualTo(4096);
        assertThat(json.at("/statistics/deadLettered").asLong()).isEqualTo(3);
        assertThat(json.at("/statistics/redelivered").asLong()).isEqualTo(5);
        assertThat(json.at("/statistics/held").asLong()).isEqualTo(1);
        assertThat(json.at("/statistics/fullSince").asLong()).isEqualTo(1_723_800_000_000L);
        assertThat(json.at("/statistics/deadLetters").asLong()).as("none stored yet").isZero();

        // the running instance gets the secrets in clear, with plain Java types
        Config config = admin.runtime.config(id);
        assertThat(config.getString("password")).isEqualTo(SECRET);
        assertThat(config.getStringMap("properties")).containsEntry("sasl.password", MAP_SECRET);
        assertThat(config.asMap().get("batchSize")).isEqualTo(100L);
        assertThat(admin.runtime.calls()).containsExactly("deploy " + id);

        List<IntegrationEvent> events = admin.events.list(id, EventType.LIFECYCLE, 0, Long.MAX_VALUE, 10);
        assertThat(events).extracting(IntegrationEvent::event).containsExactly("CREATED");
    }

    @Test
    void topicFiltersDefaultToTbmqWildcard() {
        Map<String, Object> body = Bodies.integration("defaults");
        Bodies.configuration(body).remove("topicFilters");
        String id = create(body);
        JsonNode filters = admin.api.get("/api/integrations/" + id).json().at("/configuration/topicFilters");
        assertThat(filters.size()).isEqualTo(1);
        assertThat(filters.get(0).asString()).isEqualTo("tbmq/#");
    }

    @Test
    void getAndListReturnTheReadModel() {
        String a = create(Bodies.integration("a"));
        String b = create(Bodies.integration("b"));

        Api.Response one = admin.api.get("/api/integrations/" + a);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("name").asString()).isEqualTo("a");
        assertThat(one.body()).doesNotContain(SECRET).doesNotContain(MAP_SECRET);

        Api.Response all = admin.api.get("/api/integrations");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().valueStream().map(n -> n.get("id").asString()).toList()).containsExactly(a, b);
        assertThat(all.body()).doesNotContain(SECRET).doesNotContain(MAP_SECRET);
        assertThat(all.json().get(0).at("/status/status").asString()).isEqualTo("ACTIVE");

        // the dead letters each holds now, from the store
        BrokerMessage m = new BrokerMessage("sensors/1", new byte[]{1}, 1, false, "dev", 1, 0,
                BrokerMessage.ForwardedProperties.NONE);
        admin.deadLetterStore.add(b, m, 3, "rejected", 2);
        admin.deadLetterStore.add(b, m, 3, "rejected", 3);
        assertThat(admin.api.get("/api/integrations/" + b).json().at("/statistics/deadLetters").asLong()).isEqualTo(2);
        JsonNode listed = admin.api.get("/api/integrations").json();
        assertThat(listed.get(0).at("/statistics/deadLetters").asLong()).isZero();
        assertThat(listed.get(1).at("/statistics/deadLetters").asLong()).isEqualTo(2);
    }

    @Test
    void updateRestartsWithTheNewConfigurationAndKeepsSecretsSentMaskedOrOmitted() {
        String id = create(Bodies.integration("orders"));

        // what the UI does: read, change one field, send the masked read model back
        JsonNode read = admin.api.get("/api/integrations/" + id).json();
        Map<String, Object> body = Bodies.integration("orders-renamed");
        Bodies.client(body).put("password", ConfigSchemas.MASK);
        Bodies.client(body).put("properties", Map.of("sasl.password", ConfigSchemas.MASK, "acks", "1"));
        Bodies.client(body).put("batchSize", 10);
        body.put("status", read.get("status")); // read-only, ignored
        Api.Response r = admin.api.put("/api/integrations/" + id, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(SECRET);
        assertThat(r.json().get("name").asString()).isEqualTo("orders-renamed");
        assertThat(r.json().get("createdTime").asLong()).isEqualTo(read.get("createdTime").asLong());

        Config running = admin.runtime.config(id);
        assertThat(running.getString("password")).isEqualTo(SECRET);
        assertThat(running.getStringMap("properties")).containsEntry("sasl.password", MAP_SECRET)
                .containsEntry("acks", "1");
        assertThat(running.getInt("batchSize", 0)).isEqualTo(10);
        assertThat(admin.runtime.definition(id).name()).isEqualTo("orders-renamed");

        // an omitted secret field is kept too (a map entry left out is removed: that is an edit of the map)
        Map<String, Object> omitted = Bodies.integration("orders-renamed");
        Bodies.client(omitted).remove("password");
        Bodies.client(omitted).put("properties", Map.of("acks", "1"));
        assertThat(admin.api.put("/api/integrations/" + id, omitted).status()).isEqualTo(200);
        assertThat(admin.runtime.config(id).getString("password")).isEqualTo(SECRET);
        assertThat(admin.runtime.config(id).getStringMap("properties")).containsOnlyKeys("acks");

        // a new value replaces the secret
        Map<String, Object> changed = Bodies.integration("orders-renamed");
        Bodies.client(changed).put("password", "new-secret");
        assertThat(admin.api.put("/api/integrations/" + id, changed).status()).isEqualTo(200);
        assertThat(admin.runtime.config(id).getString("password")).isEqualTo("new-secret");

        assertThat(admin.runtime.calls()).as("each update restarts the running instance")
                .containsExactly("deploy " + id, "deploy " + id, "deploy " + id, "deploy " + id);
        assertThat(admin.events.list(id, EventType.LIFECYCLE, 0, Long.MAX_VALUE, 10))
                .extracting(IntegrationEvent::event).containsExactly("UPDATED", "UPDATED", "UPDATED", "CREATED");
    }

    @Test
    void sendClientEventsRoundTripsAndDefaultsToOff() {
        String plain = create(Bodies.integration("plain"));
        assertThat(admin.api.get("/api/integrations/" + plain).json().at("/configuration/sendClientEvents")
                .asBoolean(true)).as("a TBMQ export has no such field: off").isFalse();

        Map<String, Object> body = Bodies.integration("presence");
        Bodies.configuration(body).put("sendClientEvents", true);
        String id = create(body);
        assertThat(admin.api.get("/api/integrations/" + id).json().at("/configuration/sendClientEvents").asBoolean())
                .isTrue();
        assertThat(admin.runtime.definition(id).configuration().sendClientEvents()).as("the runtime is told").isTrue();
        assertThat(admin.api.get("/api/integrations").json().findValues("sendClientEvents"))
                .extracting(JsonNode::asBoolean).containsExactly(false, true);

        Bodies.configuration(body).put("sendClientEvents", false);
        Api.Response off = admin.api.put("/api/integrations/" + id, body);
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().at("/configuration/sendClientEvents").asBoolean(true)).isFalse();
        assertThat(admin.runtime.definition(id).configuration().sendClientEvents()).isFalse();
    }

    @Test
    void sendClientEventsMustBeABoolean() {
        for (Object bad : List.of("yes", 1, List.of(true), Map.of())) {
            Map<String, Object> body = Bodies.integration("bad");
            Bodies.configuration(body).put("sendClientEvents", bad);
            Api.Response r = admin.api.post("/api/integrations", body);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("configuration.sendClientEvents");
            assertThat(r.json().get("errors").get(0).get("message").asString())
                    .isEqualTo("sendClientEvents must be true or false");
        }
        assertThat(admin.api.get("/api/integrations").json().size()).as("nothing saved").isZero();
    }

    @Test
    void updateWithoutEnabledKeepsItAndUpdateToDisabledStopsIt() {
        String id = create(Bodies.integration("orders"));
        Map<String, Object> body = Bodies.integration("orders");
        body.put("enabled", false);
        Api.Response r = admin.api.put("/api/integrations/" + id, body);
        assertThat(r.json().get("enabled").asBoolean()).isFalse();
        assertThat(r.json().at("/status/status").asString()).isEqualTo("DISABLED");
        assertThat(admin.runtime.calls()).containsExactly("deploy " + id, "stop " + id + " disabled");

        Api.Response again = admin.api.put("/api/integrations/" + id, Bodies.integration("orders"));
        assertThat(again.json().get("enabled").asBoolean()).as("PUT without enabled keeps it").isFalse();
    }

    @Test
    void deleteRemovesItWithItsLogAndSaysHowManyMessagesItDiscarded() {
        String id = create(Bodies.integration("orders"));
        Api.Response r = admin.api.delete("/api/integrations/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("discardedMessages").asLong()).isZero();
        assertThat(admin.runtime.calls()).containsExactly("deploy " + id, "delete " + id);
        assertThat(admin.runtime.isOpen(id)).isFalse();
        assertThat(admin.api.get("/api/integrations/" + id).status()).isEqualTo(404);
        assertThat(admin.api.get("/api/integrations").json().size()).isZero();
        // the events outlive it until pruned
        assertThat(admin.events.list(id, EventType.LIFECYCLE, 0, Long.MAX_VALUE, 10))
                .extracting(IntegrationEvent::event).containsExactly("DELETED", "CREATED");
        // its name is free again
        create(Bodies.integration("orders"));
    }

    @Test
    void discardQueuedMustBeTrueOrFalse() {
        String id = create(Bodies.integration("orders"));
        Api.Response r = admin.api.delete("/api/integrations/" + id + "?discardQueued=yes");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("discardQueued");
        assertThat(admin.api.get("/api/integrations/" + id).status()).as("not deleted").isEqualTo(200);
        assertThat(admin.api.delete("/api/integrations/" + id + "?discardQueued=TRUE").status()).isEqualTo(200);
    }

    @Test
    void enableDisableAndRestart() {
        Map<String, Object> body = Bodies.integration("orders");
        body.put("enabled", false);
        String id = create(body);
        assertThat(admin.runtime.calls()).as("a disabled integration is not started").isEmpty();
        assertThat(admin.runtime.isOpen(id)).as("but its log takes matching messages").isTrue();
        assertThat(admin.api.get("/api/integrations/" + id).json().at("/status/status").asString())
                .isEqualTo("DISABLED");

        Api.Response restartDisabled = admin.api.post("/api/integrations/" + id + "/restart", "");
        assertThat(restartDisabled.status()).isEqualTo(409);
        assertThat(restartDisabled.json().get("message").asString()).contains("disabled");

        Api.Response enabled = admin.api.post("/api/integrations/" + id + "/enable", "");
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().at("/status/status").asString()).isEqualTo("ACTIVE");
        assertThat(enabled.body()).doesNotContain(SECRET);
        assertThat(admin.runtime.config(id).getString("password")).isEqualTo(SECRET);

        Api.Response restarted = admin.api.post("/api/integrations/" + id + "/restart", "");
        assertThat(restarted.status()).isEqualTo(200);

        Api.Response disabled = admin.api.post("/api/integrations/" + id + "/disable", "");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(disabled.json().at("/status/status").asString()).isEqualTo("DISABLED");

        assertThat(admin.runtime.calls()).containsExactly("deploy " + id, "deploy " + id,
                "stop " + id + " disabled");
        assertThat(admin.api.get("/api/integrations/" + id).json().get("enabled").asBoolean()).isFalse();
    }

    @Test
    void unknownIdIs404WithAMessage() {
        String id = UUID.randomUUID().toString();
        List<Api.Response> responses = List.of(
                admin.api.get("/api/integrations/" + id),
                admin.api.put("/api/integrations/" + id, Bodies.integration("x")),
                admin.api.delete("/api/integrations/" + id),
                admin.api.post("/api/integrations/" + id + "/enable", ""),
                admin.api.post("/api/integrations/" + id + "/disable", ""),
                admin.api.post("/api/integrations/" + id + "/restart", ""),
                admin.api.get("/api/integrations/" + id + "/events"));
        for (Api.Response r : responses) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.json().get("message").asString()).contains(id);
        }
        assertThat(admin.runtime.calls()).isEmpty();
    }

    @Test
    void malformedJsonIs400WithAMessageThatDoesNotEchoTheBody() {
        List<String> bodies = List.of(
                "{\"name\": \"x\", \"configuration\": {\"clientConfiguration\": {\"password\": \"leaky-secret",
                "{\"name\": \"x\", leaky-secret}",
                "[\"leaky-secret\"]",
                "");
        for (String body : bodies) {
            Api.Response r = admin.api.post("/api/integrations", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("message").asString()).isNotBlank();
            assertThat(r.body()).doesNotContain("leaky-secret");
        }
        String id = create(Bodies.integration("x"));
        Api.Response put = admin.api.put("/api/integrations/" + id, "{\"name\": ");
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().get("message").asString()).startsWith("malformed JSON");
    }
}
