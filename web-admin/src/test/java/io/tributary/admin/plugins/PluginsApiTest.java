package io.tributary.admin.plugins;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.Api;
import io.tributary.admin.FakeCatalog;
import io.tributary.admin.TestPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PluginsApiTest {
    @TempDir
    static Path dir;
    static AdminFixture admin;

    @BeforeAll
    static void start() {
        admin = AdminFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @Test
    void listsInstalledPlugins() {
        Api.Response r = admin.api.get("/api/plugins");
        assertThat(r.status()).isEqualTo(200);
        JsonNode plugin = r.json().get(0);
        assertThat(plugin.get("id").asString()).isEqualTo(FakeCatalog.PLUGIN_ID);
        assertThat(plugin.get("version").asString()).isEqualTo("1.0.0");
        assertThat(plugin.get("state").asString()).isEqualTo("STARTED");
        assertThat(plugin.get("types").get(0).asString()).isEqualTo(TestPlugin.TYPE);
    }

    @Test
    void listsInstalledTypesWithTheirJsonSchema() {
        Api.Response r = admin.api.get("/api/integration-types");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().size()).isEqualTo(1);
        JsonNode type = r.json().get(0);
        assertThat(type.get("type").asString()).isEqualTo("TEST");
        assertThat(type.get("displayName").asString()).isEqualTo("Test");
        assertThat(type.get("description").asString()).isNotBlank();
        assertThat(type.get("pluginId").asString()).isEqualTo(FakeCatalog.PLUGIN_ID);
        JsonNode schema = type.get("schema");
        assertThat(schema.get("$schema").asString()).contains("2020-12");
        assertThat(schema.get("properties").propertyNames())
                .contains("bootstrapServers", "password", "batchSize", "tls", "truststore", "properties");
        assertThat(schema.get("required").valueStream().map(JsonNode::asString).toList())
                .contains("bootstrapServers");
    }
}
