package io.tributary.plugin.testkit;

import io.tributary.admin.AdminModule;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import io.tributary.platform.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole platform in the test's JVM — MQTT broker, SQLite in a temporary data directory,
 * plugin host, integration runtime and the admin REST API — on free local ports, with plugin
 * zips mounted in its plugins directory, for end-to-end tests.
 *
 * <pre>{@code
 * try (TestPlatform platform = TestPlatform.start(PluginTestKit.builtZip())) {
 *     String id = platform.admin().createIntegration("log", "LOG", List.of("tbmq/#"), Map.of());
 *     platform.admin().awaitStatus(id, "ACTIVE", Duration.ofSeconds(10));
 *     // publish to platform.mqttUri() with any MQTT client
 *     platform.admin().awaitStatistic(id, "succeeded", 1, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class TestPlatform implements AutoCloseable {
    private final Path workDir;
    private final Platform platform;
    private final AdminClient admin;

    private TestPlatform(Path workDir, Platform platform, AdminClient admin) {
        this.workDir = workDir;
        this.platform = platform;
        this.admin = admin;
    }

    /** Starts a platform with these plugin archives in its plugins directory. */
    public static TestPlatform start(Path... pluginZips) {
        Builder b = builder();
        for (Path zip : pluginZips) {
            b.plugin(zip);
        }
        return b.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** MQTT over TCP port on 127.0.0.1. */
    public int mqttPort() {
        return platform.broker().tcpPort();
    }

    /** {@code tcp://127.0.0.1:<port>}, as MQTT clients take it. */
    public String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort();
    }

    /** The admin REST API as the admin user. */
    public AdminClient admin() {
        return admin;
    }

    /** The plugins directory: copy a zip here and call {@code platform().plugins().load(path)} to drop one in. */
    public Path pluginsDir() {
        return Path.of(platform.config().get(ConfigKey.PLUGINS_DIR));
    }

    /** The data directory (SQLite database). */
    public Path dataDir() {
        return platform.config().dataDir();
    }

    /** The running platform, for what the API does not offer. */
    public Platform platform() {
        return platform;
    }

    /** Stops the platform and deletes its directories. */
    @Override
    public void close() {
        platform.close();
        deleteTree(workDir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** Plugins and configuration of a {@link TestPlatform}. */
    public static final class Builder {
        private final List<Path> plugins = new ArrayList<>();
        private final Map<String, String> config = new LinkedHashMap<>();

        private Builder() {
            config.put("node.id", "testkit-node");
            config.put("mqtt.bind", "127.0.0.1");
            config.put("mqtt.port", "0");
            config.put("mqtt.ws.port", "-1");
            config.put("admin.bind", "127.0.0.1");
            config.put("admin.port", "0");
            config.put("admin.password", UUID.randomUUID().toString());
            // failed integrations come back quickly in a test
            config.put("integration.restart-initial-seconds", "1");
        }

        /** A plugin archive copied into the plugins directory before the platform starts. */
        public Builder plugin(Path zip) {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalArgumentException("No plugin archive at " + zip);
            }
            plugins.add(zip);
            return this;
        }

        /** A configuration key as in {@code conf/tributary.properties}, e.g. {@code integration.process-timeout-ms}. */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public TestPlatform start() {
            Path workDir;
            Map<String, String> values = new LinkedHashMap<>(config);
            try {
                workDir = Files.createTempDirectory("tributary-testplatform-");
                values.putIfAbsent("data.dir", workDir.resolve("data").toString());
                values.putIfAbsent("plugins.dir", workDir.resolve("plugins").toString());
                Path pluginsDir = Files.createDirectories(Path.of(values.get("plugins.dir")));
                for (Path zip : plugins) {
                    Files.copy(zip, pluginsDir.resolve(zip.getFileName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the platform's directories", e);
            }
            Platform platform;
            try {
                platform = new Platform(TributaryConfig.of(values)).start();
            } catch (Exception e) {
                deleteTree(workDir);
                throw new IllegalStateException("The platform did not start: " + e, e);
            }
            AdminModule module = platform.module(AdminModule.class);
            if (module == null || module.port() < 0) {
                platform.close();
                deleteTree(workDir);
                throw new IllegalStateException("The admin module did not start (is web-admin on the class path?)");
            }
            URI base = URI.create("http://127.0.0.1:" + module.port());
            return new TestPlatform(workDir, platform, new AdminClient(base, values.getOrDefault("admin.user", "admin"),
                    values.get("admin.password")));
        }
    }
}
