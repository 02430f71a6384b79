package io.tributary.platform;

import io.tributary.config.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up opens storage beside the broker: a storage failure still fails the start cleanly. */
class PlatformStartTest {
    @TempDir
    Path dir;

    private TributaryConfig config(int mqttPort) {
        return TributaryConfig.of(Map.of(
                "data.dir", dir.resolve("data").toString(),
                "plugins.dir", dir.resolve("plugins").toString(),
                "mqtt.bind", "127.0.0.1",
                "mqtt.port", Integer.toString(mqttPort),
                "mqtt.ws.port", "-1",
                "admin.port", "-1"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aDatabaseThatCannotBeOpenedFailsTheStartAndReleasesTheMqttPort() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/tributary.db"), "not a database, but a file someone left here ".repeat(200));
        int port = freePort();

        Platform platform = new Platform(config(port));
        assertThatThrownBy(platform::start).as("the storage error, not a wrapper of it")
                .isNotInstanceOf(java.util.concurrent.CompletionException.class);

        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.isBound()).as("the broker started beside storage was stopped").isTrue();
        }
    }

    @Test
    void aStartedPlatformHasItsStorageBrokerAndPluginsAndStopsCleanly() throws Exception {
        try (Platform platform = new Platform(config(0)).start()) {
            assertThat(platform.database()).isNotNull();
            assertThat(platform.settings().get("nothing-stored")).isEmpty();
            assertThat(platform.broker().tcpPort()).isPositive();
            assertThat(platform.integrations().list()).isEmpty();
        }
        assertThat(dir.resolve("data/tributary.db")).isRegularFile();
    }
}
