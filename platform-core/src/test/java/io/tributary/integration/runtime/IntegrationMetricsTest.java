package io.tributary.integration.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.tributary.broker.TestBroker;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.events.EventRecorder;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;
import io.tributary.integration.log.LogSettings;
import io.tributary.metrics.PlatformMetrics;
import io.tributary.metrics.PrometheusText;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.metrics.Counter;
import io.tributary.storage.Database;
import io.tributary.storage.SqliteDeadLetterStore;
import io.tributary.storage.log.Durability;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@code tributary_integration_*} and {@code tributary_plugin_*} meters as Prometheus reads
 * them: a real broker, Paho publishers, a real log, the platform's registry scraped as text and
 * parsed; the values must move exactly as messages flow, and agree with the statistics view and
 * the STATISTICS events.
 */
class IntegrationMetricsTest {
    private static final String NODE = "metrics-node";

    @TempDir
    Path dataDir;
    private TestBroker broker;
    private Database database;
    private MemoryEventSink sink;
    private EventRecorder events;
    private PlatformMetrics metrics;
    private DefaultIntegrationRuntime runtime;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        broker = TestBroker.start();
        sink = new MemoryEventSink();
        events = new EventRecorder(sink);
        database = Database.open(dataDir.resolve("tributary.db"));
        metrics = new PlatformMetrics(NODE);
        runtime = newRuntime(1000, 0);
    }

    private DefaultIntegrationRuntime newRuntime(long maxMessages, int maxAttempts) {
        LogSettings log = new LogSettings(dataDir.resolve("integrations"), Durability.FSYNC, maxMessages,
                64L * 1024 * 1024, 1024 * 1024);
        RuntimeSettings settings = new RuntimeSettings(log, 10, Duration.ofSeconds(5), Duration.ofMillis(20),
                Duration.ofMillis(50), false, maxAttempts, Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(2));
        return new DefaultIntegrationRuntime(broker.core().integrations(), events, settings, NODE,
                new SqliteDeadLetterStore(database), io.tributary.integration.source.SourcePublishing.NONE,
                metrics.registry());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        runtime.close();
        events.close();
        broker.close();
        database.close();
        metrics.close();
    }

    @Test
    void matchedAndDeliveredMoveByExactlyTheMessagesPublishedAndAgreeWithTheStatisticsEvent() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        IntegrationDefinition def = deployActive(plugin, "orders", "orders/#");
        String[] orders = {"integration", "orders"};
        PrometheusText before = scrape();
        assertThat(before.value("tributary_integration_delivered_total", orders)).isZero();

        MqttClient pub = client("device-1");
        int n = 50;
        for (int i = 0; i < n; i++) {
            pub.publish("orders/" + i, ("order " + i).getBytes(), 1, false);
        }
        pub.publish("invoices/1", "not matched".getBytes(), 1, false);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> scrape().value("tributary_integration_delivered_total", orders) == n);
        PrometheusText after = scrape();
        assertThat(after.value("tributary_integration_matched_total", orders)).isEqualTo(n);
        assertThat(after.value("tributary_integration_failed_total", orders)).isZero();
        assertThat(after.value("tributary_integration_retried_total", orders)).isZero();
        assertThat(after.value("tributary_integration_dropped_total", "integration", "orders", "reason", "log_full"))
                .isZero();
        assertThat(after.value("tributary_integration_delivery_latency_seconds_count", orders)).isEqualTo(n);
        assertThat(after.value("tributary_integration_delivery_latency_seconds_bucket", "integration", "orders",
                "le", "+Inf")).isEqualTo(n);
        assertThat(after.value("tributary_integration_delivery_latency_seconds_sum", orders)).isPositive();
        assertThat(after.value("tributary_integration_in_flight", orders)).isZero();
        assertThat(after.value("tributary_integration_state", "integration", "orders", "state", "active")).isEqualTo(1);
        assertThat(after.value("tributary_integration_state", "integration", "orders", "state", "failed")).isZero();
        // what Prometheus stores, line for line (labels sorted, the node's common tag, the type id)
        assertThat(metrics.scrape()).contains("tributary_integration_delivered_total{integration=\"orders\","
                + "node=\"" + NODE + "\",type=\"SCRIPTED\"} 50");
        // the in-process view the dashboard reads is the same counter
        FunctionCounter delivered = metrics.registry().find("tributary.integration.delivered")
                .tags("integration", "orders", "type", "SCRIPTED").functionCounter();
        assertThat(delivered).isNotNull();
        assertThat(delivered.count()).isEqualTo(n);

        runtime.stop(def.id(), "operator disabled it");
        PrometheusText stopped = scrape();
        assertThat(stopped.value("tributary_integration_state", "integration", "orders", "state", "disabled"))
                .isEqualTo(1);
        assertThat(stopped.value("tributary_integration_state", "integration", "orders", "state", "active")).isZero();
        Map<String, Object> body = lastStatistics(def.id());
        assertThat(((Number) body.get("totalProcessed")).doubleValue())
                .isEqualTo(stopped.value("tributary_integration_delivered_total", orders));
        assertThat(((Number) body.get("totalMatched")).doubleValue())
                .isEqualTo(stopped.value("tributary_integration_matched_total", orders));
        assertThat(((Number) body.get("totalFailed")).doubleValue()).isZero();
    }

    @Test
    void failuresCountAsFailedAndRetriedAndAGivenUpMessageAsDeadLettered() throws Exception {
        runtime.close();
        runtime = newRuntime(1000, 3);
        ScriptedPlugin plugin = new ScriptedPlugin();
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        plugin.onProcess = m -> {
            int attempt = attempts.computeIfAbsent(m.topic(), t -> new AtomicInteger()).incrementAndGet();
            boolean fails = m.topic().endsWith("poison") || attempt <= 2;
            return fails ? CompletableFuture.failedFuture(new IllegalStateException("endpoint answered 503"))
                    : CompletableFuture.completedFuture(null);
        };
        IntegrationDefinition def = deployActive(plugin, "flaky", "flaky/#");
        String[] flaky = {"integration", "flaky"};

        MqttClient pub = client("device-2");
        for (int i = 0; i < 5; i++) {
            pub.publish("flaky/" + i, "x".getBytes(), 1, false);
        }
        pub.publish("flaky/poison", "x".getBytes(), 1, false);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                scrape().value("tributary_integration_delivered_total", flaky) == 5
                        && scrape().value("tributary_integration_dead_lettered_total", flaky) == 1);
        PrometheusText text = scrape();
        // each of 5 failed twice before it went through; the poison message failed 3 times (max-attempts)
        assertThat(text.value("tributary_integration_failed_total", flaky)).isEqualTo(13);
        assertThat(text.value("tributary_integration_retried_total", flaky)).isEqualTo(12);
        assertThat(text.value("tributary_integration_matched_total", flaky)).isEqualTo(6);
        StatisticsSnapshot view = runtime.statistics(def.id());
        assertThat(view.failed()).isEqualTo(13);
        assertThat(view.retried()).isEqualTo(12);
        assertThat(view.deadLettered()).isEqualTo(1);

        runtime.stop(def.id(), "test");
        Map<String, Object> body = lastStatistics(def.id());
        assertThat(body).containsEntry("totalFailed", 13L).containsEntry("totalRetried", 12L)
                .containsEntry("totalDeadLettered", 1L).containsEntry("totalProcessed", 5L);
    }

    @Test
    void aFullLogShowsHowManyPublishersItHoldsBackAndSinceWhen() throws Exception {
        runtime.close();
        runtime = newRuntime(5, 0);
        ScriptedPlugin plugin = new ScriptedPlugin();
        List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        AtomicReference<Boolean> stalled = new AtomicReference<>(true);
        plugin.onProcess = m -> {
            if (!stalled.get()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
        IntegrationDefinition def = deployActive(plugin, "stuck", "stuck/#");
        String[] stuck = {"integration", "stuck"};
        long startedSeconds = System.currentTimeMillis() / 1000;

        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (String device : List.of("dev-a", "dev-b")) {
            MqttAsyncClient pub = asyncClient(device);
            for (int i = 0; i < 10; i++) {
                tokens.add(pub.publish("stuck/" + device + "/" + i, "m".getBytes(), 1, false));
            }
        }
        // 5 fit in the log (all in flight in the stalled plugin); 15 are held, from two clients
        await().atMost(Duration.ofSeconds(10))
                .until(() -> scrape().value("tributary_integration_held_publishes", stuck) == 15);
        PrometheusText full = scrape();
        assertThat(full.value("tributary_integration_held_publishers", stuck)).isEqualTo(2);
        assertThat(full.value("tributary_integration_queued_messages", stuck)).isEqualTo(20);
        assertThat(full.value("tributary_integration_queued_bytes", stuck)).isPositive();
        assertThat(full.value("tributary_integration_in_flight", stuck)).isEqualTo(5);
        assertThat(full.value("tributary_integration_backpressure_since_seconds", stuck))
                .isBetween((double) startedSeconds, System.currentTimeMillis() / 1000.0 + 1);
        assertThat(runtime.statistics(def.id()).heldPublishers()).isEqualTo(2);

        MqttClient qos0 = client("dev-c");
        for (int i = 0; i < 3; i++) {
            qos0.publish("stuck/dev-c/" + i, "m".getBytes(), 0, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> scrape().value("tributary_integration_dropped_total",
                "integration", "stuck", "reason", "log_full") == 3);
        assertThat(scrape().value("tributary_integration_held_publishers", stuck))
                .as("QoS 0 publishers are not held").isEqualTo(2);

        stalled.set(false);
        pending.forEach(f -> f.complete(null));
        for (IMqttDeliveryToken t : tokens) {
            t.waitForCompletion(10_000);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> scrape().value("tributary_integration_delivered_total", stuck) == 20);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> scrape().value("tributary_integration_backpressure_since_seconds", stuck) == 0);
        PrometheusText drained = scrape();
        assertThat(drained.value("tributary_integration_held_publishes", stuck)).isZero();
        assertThat(drained.value("tributary_integration_held_publishers", stuck)).isZero();
        assertThat(drained.value("tributary_integration_queued_messages", stuck)).isZero();
    }

    @Test
    void metersFollowARenameWithTheirTotalsAndDisappearWithTheIntegration() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        IntegrationDefinition def = deployActive(plugin, "first-name", "renamed/#");
        MqttClient pub = client("device-3");
        pub.publish("renamed/1", "x".getBytes(), 1, false);
        pub.publish("renamed/2", "x".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                scrape().value("tributary_integration_delivered_total", "integration", "first-name") == 2);

        IntegrationDefinition renamed = new IntegrationDefinition(def.id(), "second-name", def.type(), true,
                def.configuration(), def.additionalInfo(), def.createdTime());
        runtime.open(renamed);
        PrometheusText text = scrape();
        assertThat(text.find("tributary_integration_delivered_total", "integration", "first-name")).isEmpty();
        assertThat(text.value("tributary_integration_delivered_total", "integration", "second-name")).isEqualTo(2);

        runtime.delete(def.id());
        assertThat(scrape().samples()).noneMatch(s -> s.name().startsWith("tributary_integration_"));
    }

    @Test
    void pluginMetersArePrefixedLabelledAndRemovedWhenTheIntegrationStops() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        AtomicReference<Counter> calls = new AtomicReference<>();
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        plugin.withContext = ctx -> {
            calls.set(ctx.metrics().counter("scripted_calls", "process calls", "outcome", "ok"));
            ctx.metrics().gauge("scripted_backlog_bytes", "bytes the client buffers", () -> 4096);
            try {
                ctx.metrics().counter("Bad-Name", "refused");
            } catch (IllegalArgumentException e) {
                refused.add(e);
            }
            try {
                ctx.metrics().counter("sneaky", "refused", "integration", "other");
            } catch (IllegalArgumentException e) {
                refused.add(e);
            }
        };
        plugin.onProcess = m -> {
            calls.get().increment();
            return CompletableFuture.completedFuture(null);
        };
        IntegrationDefinition def = deployActive(plugin, "plugged", "plugged/#");
        MqttClient pub = client("device-4");
        for (int i = 0; i < 3; i++) {
            pub.publish("plugged/" + i, "x".getBytes(), 1, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                scrape().value("tributary_integration_delivered_total", "integration", "plugged") == 3);

        PrometheusText text = scrape();
        assertThat(text.value("tributary_plugin_scripted_calls_total", "integration", "plugged", "type", "SCRIPTED",
                "outcome", "ok")).isEqualTo(3);
        assertThat(text.value("tributary_plugin_scripted_backlog_bytes", "integration", "plugged")).isEqualTo(4096);
        assertThat(metrics.scrape()).contains("tributary_plugin_scripted_calls_total{integration=\"plugged\","
                + "node=\"" + NODE + "\",outcome=\"ok\",type=\"SCRIPTED\"} 3");
        assertThat(refused).hasSize(2);

        runtime.stop(def.id(), "test");
        assertThat(scrape().samples()).noneMatch(s -> s.name().startsWith("tributary_plugin_"));
        assertThatThrownBy(() -> new io.tributary.metrics.PluginMeters(metrics.registry(), "x", "Y")
                .gauge("ok_name", "d", () -> 1, "odd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    private Map<String, Object> lastStatistics(String id) {
        events.flush();
        List<IntegrationEvent> stats = sink.list(id, EventType.STATISTICS, 0, Long.MAX_VALUE, 1);
        assertThat(stats).isNotEmpty();
        return stats.get(0).body();
    }

    private IntegrationDefinition deployActive(ScriptedPlugin plugin, String name, String filter) {
        IntegrationDefinition def = new IntegrationDefinition(UUID.randomUUID().toString(), name, "SCRIPTED", true,
                new IntegrationDefinition.Configuration(List.of(filter), Map.of(), Map.of()),
                new IntegrationDefinition.AdditionalInfo(""), System.currentTimeMillis());
        runtime.deploy(def, plugin.installed(), new Config(Map.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.status(def.id()).status() == IntegrationStatus.ACTIVE);
        return def;
    }

    private MqttClient client(String clientId) throws Exception {
        MqttClient c = new MqttClient(broker.tcpUri(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(100);
        c.connect(o);
        closeables.add(() -> {
            c.disconnectForcibly(1000);
            c.close();
        });
        return c;
    }

    private MqttAsyncClient asyncClient(String clientId) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.tcpUri(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(100);
        c.connect(o).waitForCompletion(5000);
        closeables.add(() -> {
            c.disconnectForcibly(1000);
            c.close();
        });
        return c;
    }

}
