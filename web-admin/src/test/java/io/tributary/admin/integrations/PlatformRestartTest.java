package io.tributary.admin.integrations;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.Api;
import io.tributary.admin.Bodies;
import io.tributary.admin.FakeCatalog;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.schema.ConfigSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart (new Database on the same file, new service and server) keeps integrations and
 * events, starts enabled integrations again, and one whose plugin is missing waits FAILED
 * until the plugin appears.
 */
class PlatformRestartTest {
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
    void restartKeepsIntegrationsAndEventsAndStartsTheEnabledOnes() {
        String on = create(Bodies.integration("on"));
        Map<String, Object> offBody = Bodies.integration("off");
        offBody.put("enabled", false);
        String off = create(offBody);
        JsonNode listBefore = admin.api.get("/api/integrations").json();
        JsonNode eventsBefore = admin.api.get("/api/integrations/" + on + "/events").json();

        admin.restart();

        JsonNode listAfter = admin.api.get("/api/integrations").json();
        assertThat(listAfter).isEqualTo(listBefore);
        assertThat(admin.api.get("/api/integrations/" + on + "/events").json()).isEqualTo(eventsBefore);
        assertThat(admin.runtime.calls()).as("startAll starts only the enabled one").containsExactly("deploy " + on);
        assertThat(admin.runtime.config(on).getString("password")).as("secrets survive in the store")
                .isEqualTo(Bodies.SECRET);
        assertThat(admin.api.get("/api/integrations/" + off).json().at("/status/status").asString())
                .isEqualTo("DISABLED");
    }

    @Test
    void anIntegrationWhosePluginIsMissingFailsWithAReasonAndStartsWhenThePluginAppears() {
        String id = create(Bodies.integration("orders"));

        admin.restart(new FakeCatalog()); // the plugin zip was removed

        JsonNode json = admin.api.get("/api/integrations/" + id).json();
        assertThat(json.at("/status/status").asString()).isEqualTo("FAILED");
        assertThat(json.at("/status/reason").asString()).isEqualTo(IntegrationService.PLUGIN_MISSING + "TEST");
        // without the schema nothing tells secrets apart: every value is hidden
        json.at("/configuration/clientConfiguration").forEach(v -> assertThat(v.asString()).isEqualTo(ConfigSchemas.MASK));
        assertThat(json.toString()).doesNotContain(Bodies.SECRET);
        assertThat(admin.runtime.calls()).containsExactly("markFailed " + id + " plugin not installed: TEST");

        admin.catalog.install(admin.plugin); // dropped back into ./plugins

        assertThat(admin.runtime.calls()).last().isEqualTo("deploy " + id);
        assertThat(admin.runtime.config(id).getString("password")).isEqualTo(Bodies.SECRET);
        assertThat(admin.api.get("/api/integrations/" + id).json().at("/status/status").asString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void aDisabledIntegrationIsNotStartedWhenItsPluginAppears() {
        Map<String, Object> body = Bodies.integration("orders");
        body.put("enabled", false);
        String id = create(body);
        admin.restart(new FakeCatalog());
        admin.catalog.install(admin.plugin);
        assertThat(admin.runtime.calls()).doesNotContain("deploy " + id);
    }

    @Test
    void removingThePluginStopsItsIntegrationsAndMarksThemFailed() {
        String id = create(Bodies.integration("orders"));
        admin.catalog.uninstall("TEST");
        assertThat(admin.runtime.calls()).endsWith("stop " + id + " plugin removed",
                "markFailed " + id + " plugin not installed: TEST");
        admin.catalog.install(admin.plugin);
        assertThat(admin.runtime.calls()).last().isEqualTo("deploy " + id);
    }
}
