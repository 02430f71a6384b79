package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.host.TestPluginProbe;
import io.tributary.plugin.host.TestPlugins;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPlatformTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        TestPluginProbe.reset();
    }

    @Test
    void bootsThePlatformWithThePluginMountedAndDeliversThroughIt() throws Exception {
        Path zip = TestPlugins.build(dir);
        Path dataDir;
        try (TestPlatform platform = TestPlatform.start(zip)) {
            dataDir = platform.dataDir();
            AdminClient admin = platform.admin();
            assertThat(admin.integrationTypes()).extracting(t -> t.get("type")).contains("TEST");
            String id = admin.createIntegration("e2e", "TEST", List.of("tbmq/#"), Map.of("mode", "ok"));
            admin.awaitStatus(id, "ACTIVE", Duration.ofSeconds(10));

            MqttClient client = new MqttClient(platform.mqttUri(), "kit-e2e", new MemoryPersistence());
            client.connect();
            client.publish("tbmq/a", "one".getBytes(), 1, false);
            client.publish("tbmq/b", "two".getBytes(), 1, false);
            client.publish("other/c", "no".getBytes(), 1, false);
            client.disconnect();
            client.close();

            admin.awaitStatistic(id, "succeeded", 2, Duration.ofSeconds(10));
            assertThat(TestPluginProbe.messages(id)).extracting(IntegrationMessage::topic)
                    .containsExactly("tbmq/a", "tbmq/b");
            assertThat(admin.events(id, "LIFECYCLE", 10)).extracting(e -> e.get("event")).contains("CREATED", "STARTED");
            assertThat(admin.request("GET", "/api/plugins", null).body()).contains(TestPlugins.PLUGIN_ID);
        }
        assertThat(Files.exists(dataDir)).as("the temporary directories are deleted").isFalse();
    }

    @Test
    void aRejectedIntegrationFailsWithTheApiErrors() {
        try (TestPlatform platform = TestPlatform.start(TestPlugins.build(dir))) {
            assertThatThrownBy(() -> platform.admin().createIntegration("bad", "TEST", List.of("tbmq/#"),
                    Map.of("port", 0)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("answered 400")
                    .hasMessageContaining("configuration.clientConfiguration.port");
        }
    }

    @Test
    void awaitingAStatusThatNeverComesFailsWithTheReason() {
        try (TestPlatform platform = TestPlatform.builder().plugin(TestPlugins.build(dir))
                .config("integration.restart-initial-seconds", "60").start()) {
            String id = platform.admin().createIntegration("fails", "TEST", List.of("tbmq/#"),
                    Map.of("mode", "failStart", "failureMessage", "cannot reach it"));

            assertThatThrownBy(() -> platform.admin().awaitStatus(id, "ACTIVE", Duration.ofSeconds(1)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("did not become ACTIVE")
                    .hasMessageContaining("cannot reach it");
        }
    }
}
