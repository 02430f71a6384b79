package io.tributary.integration.runtime;

import io.tributary.broker.TestBroker;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.events.EventRecorder;
import io.tributary.integration.events.EventType;
import io.tributary.integration.log.IntegrationLogs;
import io.tributary.integration.log.LogSettings;
import io.tributary.storage.Database;
import io.tributary.storage.SqliteDeadLetterStore;
import io.tributary.storage.log.Durability;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.api.runtime.PermanentFailure;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The integration runtime against a real broker, real MQTT clients, real log files and a real SQLite file. */
class IntegrationRuntimeTest {
    @TempDir
    Path dataDir;
    private TestBroker broker;
    private Database database;
    private SqliteDeadLetterStore deadLetters;
    private MemoryEventSink sink;
    private EventRecorder events;
    private DefaultIntegrationRuntime runtime;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        broker = TestBroker.start();
        sink = new MemoryEventSink();
        events = new EventRecorder(sink);
        database = Database.open(dataDir.resolve("tributary.db"));
        deadLetters = new SqliteDeadLetterStore(database);
        runtime = newRuntime(30);
    }

    private DefaultIntegrationRuntime newRuntime(long maxMessages) {
        return newRuntime(maxMessages, Duration.ofMillis(1500), 0);
    }

    private DefaultIntegrationRuntime newRuntime(long maxMessages, Duration processTimeout, int maxAttempts) {
        LogSettings log = new LogSettings(dataDir.resolve("integrations"), Durability.FSYNC, maxMessages,
                64L * 1024 * 1024, 1024 * 1024);
        RuntimeSettings settings = new RuntimeSettings(log, 10, processTimeout, Duration.ofMillis(50),
                Duration.ofMillis(200), false, maxAttempts, Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(2));
        return new DefaultIntegrationRuntime(broker.core().integrations(), events, settings, "test-node", deadLetters);
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
    }

    private static IntegrationDefinition definition(String name, String... filters) {
        return new IntegrationDefinition(UUID.randomUUID().toString(), name, "SCRIPTED", true,
                new IntegrationDefinition.Configuration(List.of(filters), Map.of(), Map.of("site", "lab")),
                new IntegrationDefinition.AdditionalInfo(""), System.currentTimeMillis());
    }

    private IntegrationDefinition deployActive(ScriptedPlugin plugin, String name, String... filters) {
        IntegrationDefinition def = definition(name, filters);
        runtime.deploy(def, plugin.installed(), new Config(Map.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.status(def.id()).status() == IntegrationStatus.ACTIVE);
        return def;
    }

    private MqttClient v3(String clientId) throws Exception {
        MqttClient c = new MqttClient(broker.tcpUri(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(100);
        c.connect(o);
        closeables.add(() -> {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        });
        return c;
    }

    @Test
    void matchingMessagesReachThePluginOnceEachWithTheirFields() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        IntegrationDefinition def = deployActive(plugin, "fields", "tbmq/#", "tbmq/+/status");

        org.eclipse.paho.mqttv5.client.MqttClient v5 = new org.eclipse.paho.mqttv5.client.MqttClient(
                broker.tcpUri(), "device-5", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        v5.connect(new MqttConnectionOptions());
        closeables.add(() -> {
            v5.disconnect();
            v5.close();
        });
        MqttMessage msg = new MqttMessage("{\"temperature\":25}".getBytes(StandardCharsets.UTF_8));
        msg.setQos(1);
        msg.setRetained(true);
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("k", "1"),
                new org.eclipse.paho.mqttv5.common.packet.UserProperty("k", "2")));
        msg.setProperties(props);
        long before = System.currentTimeMillis();
        v5.publish("tbmq/dev1/status", msg); // matches both filters: must arrive once
        v5.publish("other/topic", new MqttMessage("x".getBytes()));
        MqttClient v3 = v3("device-3");
        v3.publish("tbmq/plain", "p".getBytes(), 0, false);

        await().atMost(Duration.ofSeconds(5)).until(() -> plugin.received.size() >= 2);
        Thread.sleep(200); // nothing else may arrive
        assertThat(plugin.received).hasSize(2);
        IntegrationMessage first = plugin.received.stream().filter(m -> m.topic().equals("tbmq/dev1/status"))
                .findFirst().orElseThrow();
        assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"temperature\":25}");
        assertThat(first.qos()).isEqualTo(1);
        assertThat(first.retain()).isTrue();
        assertThat(first.clientId()).isEqualTo("device-5");
        assertThat(first.userProperties()).containsExactly(new UserProperty("k", "1"), new UserProperty("k", "2"));
        assertThat(first.receivedAt()).isBetween(before, System.currentTimeMillis());
        assertThat(first.brokerNodeId()).isEqualTo("test-node");
        IntegrationMessage second = plugin.received.stream().filter(m -> m.topic().equals("tbmq/plain"))
                .findFirst().orElseThrow();
        assertThat(second.qos()).isZero();
        assertThat(second.clientId()).isEqualTo("device-3");
        await().untilAsserted(() -> assertThat(runtime.statistics(def.id()).succeeded()).isEqualTo(2));
        assertThat(runtime.statistics(def.id()).matched()).isEqualTo(2);
        events.flush();
        assertThat(sink.has(def.id(), EventType.LIFECYCLE, "STARTED")).isTrue();
    }

    /** process() holds every message in {@code pending} until {@code release} counts down. */
    private static Function<IntegrationMessage, CompletionStage<Void>> holdUntil(CountDownLatch release,
                                                                              List<CompletableFuture<Void>> pending) {
        return m -> {
            if (release.getCount() == 0) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
    }

    /** A connected Paho v3 async client allowing 100 messages in flight, closed after the test. */
    private MqttAsyncClient asyncPublisher(String clientId) throws Exception {
        MqttAsyncClient pub = new MqttAsyncClient(broker.tcpUri(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(100);
        pub.connect(o).waitForCompletion(5000);
        closeables.add(() -> {
            pub.disconnect().waitForCompletion(2000);
            pub.close();
        });
        return pub;
    }

    @Test
    void aFullLogHoldsQos1AcknowledgementsUntilThePluginRecoversAndLosesNothing() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
        plugin.onProcess = holdUntil(release, pending);
        IntegrationDefinition def = deployActive(plugin, "stalled", "load/#");

        MqttAsyncClient pub = asyncPublisher("loader");
        int total = 40;
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            tokens.add(pub.publish("load/" + i, ("m" + i).getBytes(), 1, false));
        }
        // the log holds 30 (10 of them in flight in the plugin): the rest must wait for room
        await().atMost(Duration.ofSeconds(5)).until(() -> pending.size() == 10);
        Thread.sleep(500);
        long acked = tokens.stream().filter(IMqttDeliveryToken::isComplete).count();
        assertThat(acked).as("PUBACKs while the plugin is stalled").isLessThan(total).isLessThanOrEqualTo(31);
        StatisticsSnapshot stalled = runtime.statistics(def.id());
        assertThat(stalled.dropped()).isZero();
        assertThat(stalled.held()).isPositive();
        assertThat(stalled.fullSince()).isPositive();
        events.flush();
        assertThat(sink.list(def.id(), EventType.ERROR, 0, Long.MAX_VALUE, 10))
                .anySatisfy(e -> assertThat(e.body().get("error").toString()).startsWith("Integration log full")
                        .contains("publishers to its topics are held"));

        release.countDown();
        pending.forEach(f -> f.complete(null));
        for (IMqttDeliveryToken t : tokens) {
            t.waitForCompletion(10_000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.statistics(def.id()).succeeded() == total);
        assertThat(plugin.received.stream().map(IntegrationMessage::topic).distinct().count()).isEqualTo(total);
    }

    @Test
    void aPublisherHeldByAFullLogStaysConnectedLongerThanItsKeepAlive() throws Exception {
        runtime.close();
        runtime = newRuntime(5);
        ScriptedPlugin plugin = new ScriptedPlugin();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
        plugin.onProcess = holdUntil(release, pending);
        IntegrationDefinition def = deployActive(plugin, "held", "held/#");
        MqttAsyncClient pub = new MqttAsyncClient(broker.tcpUri(), "held-pub", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(50);
        o.setKeepAliveInterval(1); // the broker closes a silent client after 1.5 s
        pub.connect(o).waitForCompletion(5000);
        closeables.add(() -> {
            pub.disconnect().waitForCompletion(2000);
            pub.close();
        });
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(pub.publish("held/" + i, ("m" + i).getBytes(), 1, false));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).held() > 0);
        Thread.sleep(4000); // held for well over 1.5 x its keep-alive: its PINGREQs are still answered
        assertThat(pub.isConnected()).isTrue();
        assertThat(tokens.stream().filter(IMqttDeliveryToken::isComplete).count()).isLessThan(20);

        release.countDown();
        pending.forEach(f -> f.complete(null));
        for (IMqttDeliveryToken t : tokens) {
            t.waitForCompletion(10_000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.statistics(def.id()).succeeded() == 20);
    }

    @Test
    void aPluginThatAsksForALargerWindowGetsThatManyMessagesAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptedPlugin wide = new ScriptedPlugin();
        wide.maxInFlight = 25;
        ScriptedPlugin plain = new ScriptedPlugin();
        wide.onProcess = holdUntil(release, pending);
        plain.onProcess = holdUntil(release, pending);
        IntegrationDefinition wideDef = deployActive(wide, "wide", "wide/#");
        IntegrationDefinition plainDef = deployActive(plain, "plain", "plain/#");

        // one publisher each: a full integration holds back its publisher (backpressure)
        int total = 40;
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (String prefix : List.of("wide", "plain")) {
            MqttAsyncClient pub = asyncPublisher(prefix + "-pub");
            for (int i = 0; i < total; i++) {
                tokens.add(pub.publish(prefix + "/" + i, ("m" + i).getBytes(), 1, false));
            }
        }
        // the platform's window is 10 (settings above); the plugin asked for 25
        await().atMost(Duration.ofSeconds(5)).until(() -> wide.received.size() == 25 && plain.received.size() == 10);
        Thread.sleep(300);
        assertThat(wide.received).as("never more than the window it asked for").hasSize(25);
        assertThat(plain.received).as("the platform's window").hasSize(10);

        release.countDown();
        pending.forEach(f -> f.complete(null));
        for (IMqttDeliveryToken t : tokens) {
            t.waitForCompletion(10_000);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.statistics(wideDef.id()).succeeded() == total
                && runtime.statistics(plainDef.id()).succeeded() == total);
    }

    @Test
    void qos0BeyondAFullLogIsDroppedAndCounted() throws Exception {
        runtime.close();
        runtime = newRuntime(5);
        ScriptedPlugin plugin = new ScriptedPlugin();
        plugin.onProcess = m -> new CompletableFuture<>(); // never completes
        IntegrationDefinition def = deployActive(plugin, "dropper", "q0/#");
        MqttClient pub = v3("q0-pub");
        for (int i = 0; i < 30; i++) {
            pub.publish("q0/x", new byte[]{(byte) i}, 0, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).matched() == 30);
        // whatever is not in the log (at most 5, in flight or not) was dropped, nothing else lost
        await().untilAsserted(() -> {
            StatisticsSnapshot s = runtime.statistics(def.id());
            assertThat(s.dropped() + s.queued()).isEqualTo(30);
        });
        assertThat(runtime.statistics(def.id()).dropped()).isEqualTo(25);
        assertThat(pub.isConnected()).isTrue();
    }

    private IntegrationDefinition withClientEvents(IntegrationDefinition d, boolean on) {
        IntegrationDefinition.Configuration c = d.configuration();
        return new IntegrationDefinition(d.id(), d.name(), d.type(), d.enabled(),
                new IntegrationDefinition.Configuration(c.topicFilters(), c.clientConfiguration(), c.metadata(), on),
                d.additionalInfo(), d.createdTime());
    }

    private IntegrationDefinition deployActiveWithClientEvents(ScriptedPlugin plugin, String name, String filter) {
        IntegrationDefinition def = withClientEvents(definition(name, filter), true);
        runtime.deploy(def, plugin.installed(), new Config(Map.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.status(def.id()).status() == IntegrationStatus.ACTIVE);
        return def;
    }

    @Test
    void clientEventsReachOnlyTheIntegrationsThatAskForThem() throws Exception {
        ScriptedPlugin listening = new ScriptedPlugin();
        ScriptedPlugin deaf = new ScriptedPlugin();
        IntegrationDefinition def = deployActiveWithClientEvents(listening, "listening", "events-it/#");
        deployActive(deaf, "deaf", "events-it/#");

        MqttClient c = v3("watched");
        c.subscribe("events-it/#", 1);
        c.publish("events-it/x", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
        c.disconnect();
        await().atMost(Duration.ofSeconds(10)).until(() -> listening.received.size() == 4 && deaf.received.size() == 1);
        assertThat(listening.received).extracting(IntegrationMessage::eventType)
                .containsExactly("CONNECTED", "SUBSCRIBED", "PUBLISH_MSG", "DISCONNECTED");
        assertThat(deaf.received).extracting(IntegrationMessage::eventType).containsExactly("PUBLISH_MSG");
        IntegrationMessage connected = listening.received.get(0);
        assertThat(connected.topic()).isEqualTo("$events/client_connected");
        assertThat(connected.clientId()).isEqualTo("watched");
        assertThat(connected.qos()).isEqualTo(1);
        assertThat(connected.contentType()).isEqualTo("application/json");
        assertThat(connected.brokerNodeId()).isEqualTo("test-node");
        assertThat(new String(listening.received.get(3).payload(), StandardCharsets.UTF_8))
                .contains("\"reason\":\"CLIENT_DISCONNECT\"");
        await().until(() -> runtime.statistics(def.id()).succeeded() == 4);

        // turned off: the integration hears of no client any more
        runtime.open(withClientEvents(def, false));
        v3("unheard").disconnect();
        c.connect();
        c.publish("events-it/y", "again".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> listening.received.size() == 5);
        assertThat(listening.received.get(4).eventType()).isEqualTo("PUBLISH_MSG");
        assertThat(broker.core().clientEvents().wanted()).isFalse();
    }

    @Test
    void clientEventsBeyondAFullLogAreDroppedAndCountedWithoutHoldingAnyone() throws Exception {
        runtime.close();
        runtime = newRuntime(5);
        ScriptedPlugin plugin = new ScriptedPlugin();
        plugin.onProcess = m -> new CompletableFuture<>(); // never completes: the log fills
        IntegrationDefinition def = deployActiveWithClientEvents(plugin, "full", "nothing/#");
        for (int i = 0; i < 10; i++) {
            MqttClient c = v3("client-" + i); // connects at once although nothing is delivered
            c.disconnect();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            StatisticsSnapshot s = runtime.statistics(def.id());
            assertThat(s.matched()).isEqualTo(20);
            assertThat(s.dropped() + s.queued()).isEqualTo(20);
        });
        assertThat(runtime.statistics(def.id()).dropped()).isEqualTo(15);
        assertThat(runtime.statistics(def.id()).held()).isZero();
    }

    @Test
    void failedQos1DeliveriesAreRetriedUntilDeliveredAndCounted() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        plugin.onProcess = m -> calls.incrementAndGet() <= 2
                ? CompletableFuture.failedFuture(new IllegalStateException("broker unavailable"))
                : CompletableFuture.completedFuture(null);
        IntegrationDefinition def = deployActive(plugin, "flaky", "retry/#");
        v3("retry-pub").publish("retry/1", "x".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).succeeded() == 1);
        StatisticsSnapshot s = runtime.statistics(def.id());
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.retried()).isEqualTo(2);
        assertThat(s.abandoned()).isZero();
        events.flush();
        assertThat(sink.list(def.id(), EventType.ERROR, 0, Long.MAX_VALUE, 10))
                .anySatisfy(e -> {
                    assertThat(e.body().get("error").toString()).contains("broker unavailable");
                    assertThat(e.body()).containsEntry("topic", "retry/1").containsEntry("clientId", "retry-pub");
                });
    }

    @Test
    void qos0FailuresAreNotRetriedAndPermanentFailuresBecomeDeadLetters() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        plugin.onProcess = m -> m.qos() == 0
                ? CompletableFuture.failedFuture(new IllegalStateException("down"))
                : CompletableFuture.failedFuture(new PermanentFailure("rejected as invalid"));
        IntegrationDefinition def = deployActive(plugin, "noretry", "nr/#");
        MqttClient pub = v3("nr-pub");
        pub.publish("nr/a", "x".getBytes(), 0, false);
        pub.publish("nr/b", "x".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).abandoned() == 1
                && runtime.statistics(def.id()).deadLettered() == 1);
        Thread.sleep(300);
        assertThat(plugin.received).hasSize(2);
        StatisticsSnapshot s = runtime.statistics(def.id());
        assertThat(s.retried()).isZero();
        assertThat(s.queued()).as("both done with: the log is committed past them").isZero();
        var letters = deadLetters.list(def.id(), 10, 0);
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.message().topic()).isEqualTo("nr/b");
            assertThat(d.message().publisherId()).isEqualTo("nr-pub");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.error()).contains("rejected as invalid");
        });
    }

    @Test
    void aMessageThatFailsMaxAttemptsTimesBecomesADeadLetterAndReplayDeliversIt() throws Exception {
        runtime.close();
        runtime = newRuntime(30, Duration.ofMillis(1500), 3);
        ScriptedPlugin plugin = new ScriptedPlugin();
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        plugin.onProcess = m -> down.get() ? CompletableFuture.failedFuture(new IllegalStateException("502"))
                : CompletableFuture.completedFuture(null);
        IntegrationDefinition def = deployActive(plugin, "max-attempts", "ma/#");
        v3("ma-pub").publish("ma/1", "payload".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).deadLettered() == 1);
        assertThat(plugin.received).hasSize(3);
        assertThat(deadLetters.list(def.id(), 10, 0)).singleElement()
                .satisfies(d -> assertThat(d.error()).contains("502").contains("gave up after 3 attempts"));

        down.set(false);
        var service = new io.tributary.integration.deadletter.DeadLetterService(deadLetters, runtime);
        var result = service.replayAll(def.id());
        assertThat(result.replayed()).isEqualTo(1);
        assertThat(result.remaining()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).succeeded() == 1);
        assertThat(new String(plugin.received.get(3).payload(), StandardCharsets.UTF_8)).isEqualTo("payload");
    }

    @Test
    void aFastFailingDestinationKeepsOnlyTheWindowOutstandingNotTheBacklog() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        plugin.onProcess = m -> CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
        IntegrationDefinition def = deployActive(plugin, "refused", "fail/#");
        MqttAsyncClient pub = asyncPublisher("fail-pub");
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            tokens.add(pub.publish("fail/" + i, ("m" + i).getBytes(), 1, false));
        }
        for (IMqttDeliveryToken t : tokens) {
            t.waitForCompletion(5000); // stored in the log: acknowledged though nothing is delivered
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).retried() >= 30);
        // failed messages keep their window slot while they wait: only the window's 10 are ever tried
        assertThat(plugin.received.stream().map(IntegrationMessage::topic).distinct().count()).isEqualTo(10);
        assertThat(runtime.statistics(def.id()).queued()).isEqualTo(25);
    }

    @Test
    void aProcessThatNeverCompletesTimesOutAndIsRetried() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        plugin.onProcess = m -> calls.incrementAndGet() == 1 ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(null);
        IntegrationDefinition def = deployActive(plugin, "slow", "slow/#");
        v3("slow-pub").publish("slow/1", "x".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(6)).until(() -> runtime.statistics(def.id()).succeeded() == 1);
        assertThat(runtime.statistics(def.id()).failed()).isEqualTo(1);
        events.flush();
        assertThat(sink.list(def.id(), EventType.ERROR, 0, Long.MAX_VALUE, 10))
                .anySatisfy(e -> assertThat(e.body().get("error").toString()).contains("did not complete within"));
    }

    @Test
    void aStartThatThrowsFailsOnlyItsIntegrationAndIsRetriedWithBackoff() throws Exception {
        ScriptedPlugin broken = new ScriptedPlugin();
        broken.onStart = attempt -> attempt < 3 ? "throw" : null;
        IntegrationDefinition bad = definition("broken", "shared/#");
        runtime.deploy(bad, broken.installed(), new Config(Map.of()));
        ScriptedPlugin healthy = new ScriptedPlugin();
        IntegrationDefinition good = deployActive(healthy, "healthy", "shared/#");

        await().atMost(Duration.ofSeconds(3)).until(() -> runtime.status(bad.id()).status() == IntegrationStatus.FAILED);
        assertThat(runtime.status(bad.id()).reason()).contains("cannot reach the external system");
        v3("shared-pub").publish("shared/1", "x".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(3)).until(() -> healthy.received.size() == 1);

        // restarted after 200 ms, then 400 ms: third start succeeds and the queued message arrives
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.status(bad.id()).status() == IntegrationStatus.ACTIVE);
        await().atMost(Duration.ofSeconds(3)).until(() -> broken.received.size() == 1);
        assertThat(broken.starts.get()).isEqualTo(3);
        events.flush();
        assertThat(sink.has(bad.id(), EventType.LIFECYCLE, "FAILED")).isTrue();
        assertThat(sink.has(bad.id(), EventType.ERROR, "START")).isTrue();
    }

    @Test
    void preventStartGivesTheReasonAsStatus() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        plugin.onStart = attempt -> "bootstrap servers unreachable";
        IntegrationDefinition def = definition("prevented", "p/#");
        runtime.deploy(def, plugin.installed(), new Config(Map.of()));
        await().atMost(Duration.ofSeconds(3)).until(() -> runtime.status(def.id()).status() == IntegrationStatus.FAILED);
        assertThat(runtime.status(def.id()).reason()).isEqualTo("bootstrap servers unreachable");
    }

    @Test
    void aPluginThatBlocksItsThreadFailsAloneWhileTheBrokerAndOtherIntegrationsFlow() throws Exception {
        ScriptedPlugin blocker = new ScriptedPlugin();
        CountDownLatch never = new CountDownLatch(1);
        blocker.onProcess = m -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        };
        IntegrationDefinition bad = deployActive(blocker, "blocker", "blocked/#");
        ScriptedPlugin healthy = new ScriptedPlugin();
        deployActive(healthy, "fine", "fine/#");

        MqttClient pub = v3("mixed-pub");
        pub.publish("blocked/1", "x".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.status(bad.id()).status() == IntegrationStatus.FAILED);
        assertThat(runtime.status(bad.id()).reason()).contains("blocked its thread");

        MqttClient sub = v3("watcher");
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        sub.subscribe("fine/#", 1, (t, m) -> seen.add(t));
        for (int i = 0; i < 50; i++) {
            pub.publish("fine/" + i, "y".getBytes(), 1, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> healthy.received.size() == 50 && seen.size() == 50);
    }

    @Test
    void stoppingKeepsTheLogAccumulatingAndTheNextStartDeliversEverything() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Void>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
        plugin.onProcess = holdUntil(release, pending);
        IntegrationDefinition def = deployActive(plugin, "keep", "keep/#");
        MqttClient pub = v3("keep-pub");
        for (int i = 0; i < 12; i++) {
            pub.publish("keep/" + i, "x".getBytes(), 1, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> pending.size() == 10);
        runtime.stop(def.id(), "disabled");
        assertThat(runtime.status(def.id()).status()).isEqualTo(IntegrationStatus.DISABLED);
        assertThat(plugin.stops.get()).isEqualTo(1);
        for (int i = 12; i < 20; i++) {
            pub.publish("keep/" + i, "x".getBytes(), 1, false); // still subscribed: stored for later
        }
        assertThat(runtime.statistics(def.id()).queued()).isEqualTo(20);

        release.countDown();
        plugin.received.clear();
        runtime.deploy(def, plugin.installed(), new Config(Map.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).queued() == 0);
        assertThat(plugin.received.stream().map(IntegrationMessage::topic).distinct().count())
                .as("the 10 that were in flight, the 2 unread and the 8 that came while it was stopped").isEqualTo(20);
    }

    @Test
    void deleteDiscardsTheLogAndSaysHowMany() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        plugin.onProcess = m -> new CompletableFuture<>();
        IntegrationDefinition def = deployActive(plugin, "gone", "gone/#");
        MqttClient pub = v3("gone-pub");
        for (int i = 0; i < 12; i++) {
            pub.publish("gone/" + i, "x".getBytes(), 1, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).queued() == 12);
        assertThat(runtime.delete(def.id())).isEqualTo(12);
        assertThat(runtime.status(def.id()).status()).isEqualTo(IntegrationStatus.DISABLED);
        assertThat(new IntegrationLogs(new LogSettings(dataDir.resolve("integrations"), Durability.FSYNC, 1, 1, 1))
                .directory(def.id())).doesNotExist();
        pub.publish("gone/late", "x".getBytes(), 1, false); // no longer subscribed, still acknowledged
        assertThat(plugin.received).hasSize(10);
    }

    @Test
    void aNewRuntimeOnTheSameDataResumesFromTheCommittedOffset() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(true);
        plugin.onProcess = m -> up.get() ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
        IntegrationDefinition def = deployActive(plugin, "resume", "res/#");
        MqttClient pub = v3("res-pub");
        for (int i = 0; i < 5; i++) {
            pub.publish("res/" + i, "x".getBytes(), 1, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).succeeded() == 5);
        up.set(false);
        for (int i = 5; i < 15; i++) {
            pub.publish("res/" + i, "x".getBytes(), 1, false);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> plugin.received.size() == 15);
        runtime.close();

        ScriptedPlugin next = new ScriptedPlugin();
        runtime = newRuntime(30);
        runtime.deploy(def, next.installed(), new Config(Map.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).succeeded() == 10);
        assertThat(next.received).extracting(IntegrationMessage::topic)
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(5, 15).mapToObj(i -> "res/" + i)
                        .toList());
    }

    @Test
    void updateRestartsWithTheNewFiltersAndKeepsTheQueue() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        IntegrationDefinition def = deployActive(plugin, "upd", "old/#");
        IntegrationDefinition changed = new IntegrationDefinition(def.id(), "upd", "SCRIPTED", true,
                new IntegrationDefinition.Configuration(List.of("new/#"), Map.of(), Map.of()),
                def.additionalInfo(), def.createdTime());
        runtime.deploy(changed, plugin.installed(), new Config(Map.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> plugin.starts.get() == 2
                && runtime.status(def.id()).status() == IntegrationStatus.ACTIVE);
        assertThat(plugin.stops.get()).isEqualTo(1);
        MqttClient pub = v3("upd-pub");
        pub.publish("old/1", "x".getBytes(), 1, false);
        pub.publish("new/1", "x".getBytes(), 1, false);
        await().atMost(Duration.ofSeconds(3)).until(() -> plugin.received.size() == 1);
        assertThat(plugin.received.get(0).topic()).isEqualTo("new/1");
    }

    @Test
    void errorEventsAreRateLimitedAndTruncated() throws Exception {
        ScriptedPlugin plugin = new ScriptedPlugin();
        String huge = "x".repeat(10_000);
        plugin.onProcess = m -> CompletableFuture.failedFuture(new IllegalStateException(huge));
        IntegrationDefinition def = deployActive(plugin, "noisy", "noisy/#");
        MqttClient pub = v3("noisy-pub");
        for (int i = 0; i < 15; i++) {
            pub.publish("noisy/" + i, "x".getBytes(), 1, false); // QoS 1: retried, failing again and again
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.statistics(def.id()).failed() >= 40);
        events.flush();
        var errors = sink.list(def.id(), EventType.ERROR, 0, Long.MAX_VALUE, 100);
        assertThat(errors).hasSizeBetween(1, 10);
        assertThat(errors).allSatisfy(e -> assertThat(e.body().get("error").toString().length())
                .isLessThanOrEqualTo(EventRecorder.MAX_TEXT));
    }
}
