package io.tributary.dist;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tarball as an operator gets it: copied to a folder outside the source tree, unpacked with
 * tar, started with bin/tributary (as a daemon, from another working directory, on free ports),
 * used over MQTT and the admin API, and stopped with bin/tributary stop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    private static final String PASSWORD = "dist-it-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private static Path workDir;
    private static Path home;
    private static int mqttPort;
    private static int adminPort;

    @BeforeAll
    static void unpackAndStart() throws Exception {
        Path tarball = Path.of(System.getProperty("dist.tarball"));
        assertThat(tarball).as("built by mvn package").isRegularFile();
        workDir = Files.createTempDirectory("tributary-dist-it-");
        assertThat(workDir.toAbsolutePath().startsWith(Path.of("").toAbsolutePath().getParent()))
                .as("outside the source tree").isFalse();
        Path copy = Files.copy(tarball, workDir.resolve(tarball.getFileName()));
        run(workDir, "tar", "xzf", copy.getFileName().toString());
        home = workDir.resolve(System.getProperty("dist.name"));
        assertThat(home.resolve("data")).as("created on first start, not shipped").doesNotExist();

        // from another working directory: the launcher must find its own folder
        Result started = run(workDir, home.resolve("bin/tributary").toString(), "start", "--daemon",
                "--node.id=dist-it", "--mqtt.bind=127.0.0.1", "--mqtt.port=0", "--mqtt.ws.port=-1",
                "--admin.bind=127.0.0.1", "--admin.port=0", "--admin.password=" + PASSWORD);
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("Tributary started (pid");

        Path log = home.resolve("data/logs/tributary.log");
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(log) && Files.readString(log).contains("ready in"));
        String text = Files.readString(log);
        mqttPort = port(text, "MQTT listening on tcp://127\\.0\\.0\\.1:(\\d+)");
        adminPort = port(text, "Admin API listening on http://127\\.0\\.0\\.1:(\\d+)/api");
    }

    @AfterAll
    static void stopAndClean() throws Exception {
        if (home != null && Files.exists(home.resolve("data/tributary.pid"))) {
            run(workDir, home.resolve("bin/tributary").toString(), "stop");
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void theLayoutIsComplete() throws Exception {
        assertThat(home.resolve("bin/tributary")).isExecutable();
        assertThat(home.resolve("conf/tributary.properties")).isRegularFile();
        assertThat(home.resolve("conf/logback.xml")).isRegularFile();
        assertThat(jars()).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.startsWith("platform-core-")).anyMatch(n -> n.startsWith("web-admin-"));
        assertThat(pluginZips()).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.startsWith("kafka-integration-") && n.endsWith(".zip"))
                .anyMatch(n -> n.startsWith("http-integration-") && n.endsWith(".zip"))
                .anyMatch(n -> n.startsWith("mqtt-integration-") && n.endsWith(".zip"));
        assertThat(home.resolve("data/tributary.db")).as("created by the first start").isRegularFile();
    }

    @Test
    @Order(1)
    void libHoldsNoKafkaClasses() throws Exception {
        assertThat(jars()).extracting(p -> p.getFileName().toString()).as("plugin code lives in plugins/ only")
                .noneMatch(n -> n.startsWith("kafka-") || n.startsWith("http-integration")
                        || n.startsWith("integration-commons"));
        for (Path jar : jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                List<String> kafka = Collections.list(zip.entries()).stream().map(ZipEntry::getName)
                        .filter(n -> n.startsWith("org/apache/kafka/")).toList();
                assertThat(kafka).as("Kafka classes in %s: they belong in the plugin zip only", jar.getFileName())
                        .isEmpty();
            }
        }
    }

    @Test
    @Order(2)
    void servesMqtt() throws Exception {
        String uri = "tcp://127.0.0.1:" + mqttPort;
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        MqttClient subscriber = new MqttClient(uri, "dist-it-sub", new MemoryPersistence());
        MqttClient publisher = new MqttClient(uri, "dist-it-pub", new MemoryPersistence());
        try {
            subscriber.connect(new MqttConnectOptions());
            subscriber.subscribe("dist/#", 1, (topic, message) ->
                    received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8)));
            publisher.connect(new MqttConnectOptions());
            publisher.publish("dist/hello", "{\"temperature\":25}".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("dist/hello {\"temperature\":25}");
        } finally {
            for (MqttClient c : List.of(publisher, subscriber)) {
                if (c.isConnected()) {
                    c.disconnect();
                }
                c.close();
            }
        }
    }

    @Test
    @Order(2)
    void theAdminListsTheKafkaAndHttpPluginsAsStarted() throws Exception {
        HttpResponse<String> r = get("/api/plugins");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode plugins = JSON.readTree(r.body());
        List<String> started = new ArrayList<>();
        plugins.forEach(p -> {
            if (p.get("state").asString().equals("STARTED")) {
                started.add(p.get("id").asString());
            }
        });
        // every zip shipped in plugins/ loaded, whatever is bundled
        List<String> shipped = new ArrayList<>();
        for (Path zip : pluginZips()) {
            shipped.add(pluginId(zip));
        }
        assertThat(shipped).contains("kafka-integration", "http-integration", "mqtt-integration");
        assertThat(started).containsAll(shipped);
        assertThat(get("/api/integration-types").body()).contains("\"KAFKA\"").contains("\"HTTP\"")
                .contains("\"MQTT\"");
        assertThat(get("/").statusCode()).as("the admin UI answers").isLessThan(500);
    }

    @Test
    @Order(3)
    void stopsCleanly() throws Exception {
        Path bin = home.resolve("bin/tributary");
        assertThat(run(workDir, bin.toString(), "status").exitCode()).isZero();

        Result stopped = run(workDir, bin.toString(), "stop");

        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("Tributary stopped");
        assertThat(run(workDir, bin.toString(), "status").exitCode()).as("status of a stopped platform").isEqualTo(3);
        assertThat(home.resolve("data/tributary.pid")).doesNotExist();
        String log = Files.readString(home.resolve("data/logs/tributary.log"));
        assertThat(log).contains("Shutting down").contains("MQTT broker stopped");
        assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("Exception")).toList())
                .as("errors in the log").isEmpty();
    }

    /**
     * The first clean stop leaves a class-data archive; the next start maps it (seen in the
     * process's memory maps) instead of loading those classes again.
     */
    @Test
    @Order(4)
    void theNextStartUsesTheClassDataArchiveTheFirstStopWrote() throws Exception {
        List<Path> archives;
        try (Stream<Path> files = Files.list(home.resolve("data/cds"))) {
            archives = files.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
        }
        assertThat(archives).as("written when the first run stopped").hasSize(1);
        assertThat(Files.size(archives.get(0))).isPositive();

        Path log = home.resolve("data/logs/tributary.log");
        long before = Files.readString(log).split("ready in", -1).length;
        Result started = run(workDir, home.resolve("bin/tributary").toString(), "start", "--daemon",
                "--node.id=dist-it", "--mqtt.bind=127.0.0.1", "--mqtt.port=0", "--mqtt.ws.port=-1",
                "--admin.port=-1");
        assertThat(started.exitCode()).as(started.output()).isZero();
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(log).split("ready in", -1).length > before);
        String pid = Files.readString(home.resolve("data/tributary.pid")).trim();
        assertThat(Files.readString(Path.of("/proc", pid, "maps"))).as("archive mapped by the JVM")
                .contains(archives.get(0).getFileName().toString());

        Result stopped = run(workDir, home.resolve("bin/tributary").toString(), "stop");
        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
    }

    private static List<Path> jars() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static List<Path> pluginZips() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("plugins"))) {
            return files.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
    }

    private static String pluginId(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile()); InputStream in = file.getInputStream(
                file.getEntry("plugin.properties"))) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("plugin.id");
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int port(String log, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log);
        assertThat(m.find()).as("'%s' in the log:%n%s", regex, log).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a command in {@code dir} without any TRIBUTARY_ variable of the build's environment. */
    private static Result run(Path dir, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("TRIBUTARY_"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
