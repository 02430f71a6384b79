package io.tributary.admin.integrations;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.Api;
import io.tributary.admin.Bodies;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/integrations/{id}/events: filter by type and time, newest first, paged. */
class IntegrationEventsApiTest {
    @TempDir
    Path dir;
    AdminFixture admin;
    String id;

    @BeforeEach
    void start() {
        admin = AdminFixture.start(dir);
        Api.Response r = admin.api.post("/api/integrations", Bodies.integration("orders"));
        id = r.json().get("id").asString();
        // what the runtime records: statistics every minute, errors; times far after the CREATED event
        for (int i = 1; i <= 5; i++) {
            admin.events.record(new IntegrationEvent(0, id, EventType.STATISTICS, "STATS", 4_000_000_000_000L + i,
                    Map.of("matched", i)));
        }
        admin.events.record(new IntegrationEvent(0, id, EventType.ERROR, "PROCESS", 4_000_000_000_010L,
                Map.of("error", "timeout", "topic", "sensors/1", "clientId", "dev-1")));
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private JsonNode page(String query) {
        Api.Response r = admin.api.get("/api/integrations/" + id + "/events" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static List<String> names(JsonNode page) {
        return page.get("data").valueStream().map(e -> e.get("event").asString()).toList();
    }

    @Test
    void lifecycleEventsOfTheServiceAreListedNewestFirst() {
        admin.api.put("/api/integrations/" + id, Bodies.integration("orders-2"));
        admin.api.post("/api/integrations/" + id + "/disable", "");
        JsonNode page = page("?type=LIFECYCLE");
        assertThat(names(page)).containsExactly("UPDATED", "UPDATED", "CREATED");
        assertThat(page.get("hasNext").asBoolean()).isFalse();
        JsonNode created = page.get("data").get(2);
        assertThat(created.get("integrationId").asString()).isEqualTo(id);
        assertThat(created.get("type").asString()).isEqualTo("LIFECYCLE");
        assertThat(created.get("time").asLong()).isPositive();
        assertThat(created.at("/body/name").asString()).isEqualTo("orders");
    }

    @Test
    void filtersByTypeCaseInsensitively() {
        JsonNode errors = page("?type=error");
        assertThat(names(errors)).containsExactly("PROCESS");
        assertThat(errors.at("/data/0/body/topic").asString()).isEqualTo("sensors/1");
        assertThat(names(page("?type=STATISTICS"))).hasSize(5);
        assertThat(names(page(""))).as("no type: all").hasSize(7);
    }

    @Test
    void pagesWithLimitAndBefore() {
        JsonNode first = page("?type=STATISTICS&limit=2");
        assertThat(first.get("data").valueStream().map(e -> e.at("/body/matched").asLong()).toList())
                .containsExactly(5L, 4L);
        assertThat(first.get("hasNext").asBoolean()).isTrue();

        long last = first.at("/data/1/time").asLong();
        JsonNode second = page("?type=STATISTICS&limit=2&before=" + last);
        assertThat(second.get("data").valueStream().map(e -> e.at("/body/matched").asLong()).toList())
                .containsExactly(3L, 2L);

        JsonNode window = page("?type=STATISTICS&from=4000000000002&before=4000000000004");
        assertThat(window.get("data").valueStream().map(e -> e.at("/body/matched").asLong()).toList())
                .containsExactly(3L, 2L);
    }

    @Test
    void badQueryParametersAre400WithAMessage() {
        for (String query : List.of("?type=NOPE", "?limit=0", "?limit=abc", "?limit=100000", "?before=-1",
                "?from=x")) {
            Api.Response r = admin.api.get("/api/integrations/" + id + "/events" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().get("message").asString()).as(query).isNotBlank();
        }
    }
}
