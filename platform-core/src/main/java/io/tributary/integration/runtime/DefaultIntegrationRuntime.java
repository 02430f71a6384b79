package io.tributary.integration.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.routing.IntegrationRoutes;
import io.tributary.cluster.NodeRole;
import io.tributary.concurrent.Daemons;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.deadletter.DeadLetterStore;
import io.tributary.integration.events.EventRecorder;
import io.tributary.integration.log.IntegrationLog;
import io.tributary.integration.log.IntegrationLogs;
import io.tributary.integration.log.LocalIntegrationLog;
import io.tributary.integration.source.IntegrationPublisher;
import io.tributary.integration.source.PublishCounters;
import io.tributary.integration.source.SourcePublishing;
import io.tributary.metrics.PluginMeters;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginCallException;
import io.tributary.storage.log.Durability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs integrations in this process. Each has its own log ({@link IntegrationChannel}), delivery
 * thread and counters; starts and stops run on lifecycle threads with timeouts; a failed start
 * is retried with exponential backoff; a plugin that blocks inside {@code process} is detected
 * by a watchdog and restarted. Stopping a plugin (disable, upgrade, restart, shutdown) lets its
 * deliveries in flight finish, then rewinds the log to its committed offset: nothing that was
 * not delivered is lost, at the price of possible duplicates.
 */
public final class DefaultIntegrationRuntime implements IntegrationRuntime, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DefaultIntegrationRuntime.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final IntegrationRoutes routes;
    private final EventRecorder events;
    private final RuntimeSettings settings;
    private final String nodeId;
    private final IntegrationLogs logs;
    private final DeadLetterStore deadLetterStore;
    private final Map<String, IntegrationSlot> slots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Daemons.timer("integration-timer");
    private final ExecutorService lifecycle = Executors.newCachedThreadPool(Daemons.named("integration-lifecycle"));
    private final ExecutorService deadLetterThread = Daemons.worker("dead-letters");
    private final DeadLetterWriter deadLetters;
    private final SourcePublishing sources;
    private final MeterRegistry meters;
    private final Set<NodeRole> roles;

    public DefaultIntegrationRuntime(IntegrationRoutes routes, EventRecorder events, RuntimeSettings settings,
                                     String nodeId, DeadLetterStore deadLetterStore) {
        this(routes, events, settings, nodeId, deadLetterStore, SourcePublishing.NONE);
    }

    /** @param sources how integrations publish into the broker (source types) */
    public DefaultIntegrationRuntime(IntegrationRoutes routes, EventRecorder events, RuntimeSettings settings,
                                     String nodeId, DeadLetterStore deadLetterStore, SourcePublishing sources) {
        this(routes, events, settings, nodeId, deadLetterStore, sources, new SimpleMeterRegistry());
    }

    /**
     * @param sources how integrations publish into the broker (source types)
     * @param meters  where each integration's meters, and its plugin's own, are registered
     */
    public DefaultIntegrationRuntime(IntegrationRoutes routes, EventRecorder events, RuntimeSettings settings,
                                     String nodeId, DeadLetterStore deadLetterStore, SourcePublishing sources,
                                     MeterRegistry meters) {
        this(routes, events, settings, nodeId, deadLetterStore, sources, meters, new IntegrationLogs(settings.log()),
                EnumSet.allOf(NodeRole.class));
    }

    /**
     * @param logs  where integrations' logs are kept (local, or a cluster's shared log)
     * @param roles what this node does: deliveries (sink integrations) run on executors only,
     *              source integrations (which publish into the broker) on brokers only
     */
    public DefaultIntegrationRuntime(IntegrationRoutes routes, EventRecorder events, RuntimeSettings settings,
                                     String nodeId, DeadLetterStore deadLetterStore, SourcePublishing sources,
                                     MeterRegistry meters, IntegrationLogs logs, Set<NodeRole> roles) {
        this.roles = Set.copyOf(roles);
        this.meters = meters;
        this.sources = sources;
        this.routes = routes;
        this.events = events;
        this.settings = settings;
        this.nodeId = nodeId;
        this.logs = logs;
        this.deadLetterStore = deadLetterStore;
        this.deadLetters = new DeadLetterWriter(deadLetterStore, deadLetterThread);
        long heap = Runtime.getRuntime().maxMemory();
        if (settings.log().durability() == Durability.MEMORY && settings.log().maxBytes() > heap / 4) {
            log.warn("integration.durability=memory keeps each integration's backlog on the heap: "
                    + "integration.max-bytes ({}) is more than a quarter of the maximum heap ({}); a failing "
                    + "destination can exhaust memory before backpressure starts. Lower integration.max-bytes.",
                    settings.log().maxBytes(), heap);
        }
        scheduler.scheduleWithFixedDelay(this::watchdog, 1, 1, TimeUnit.SECONDS);
        long stats = settings.statsInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::persistStatistics, stats, stats, TimeUnit.MILLISECONDS);
    }

    @Override
    public void open(IntegrationDefinition definition) {
        IntegrationSlot slot = slots.computeIfAbsent(definition.id(), id -> newSlot(definition));
        synchronized (slot) {
            slot.definition = definition;
        }
        slot.meters.bind(definition.name(), definition.type()); // relabels after a rename
        List<String> filters = definition.configuration().topicFilters();
        if (filters == null || filters.isEmpty()) {
            // a source integration: the broker never routes to it
            routes.unregister(definition.id());
            routes.clientEvents().unregister(definition.id());
            return;
        }
        // adds the new filters before removing the old ones: a publish meanwhile matches either
        routes.register(definition.id(), filters, slot.channel);
        if (definition.configuration().sendClientEvents()) {
            routes.clientEvents().register(definition.id(), slot.channel);
        } else {
            routes.clientEvents().unregister(definition.id());
        }
    }

    @Override
    public void deploy(IntegrationDefinition definition, InstalledType type, Config config) {
        open(definition);
        IntegrationSlot slot = slots.get(definition.id());
        long generation;
        synchronized (slot) {
            generation = ++slot.generation;
            slot.cancelRestart();
            slot.type = type;
            slot.source = type != null && type.isSource();
            slot.config = config;
            slot.status = IntegrationStatus.PENDING;
            slot.reason = null;
            slot.restartAttempt = 0;
            if (!runsHere(slot.source)) {
                // another node runs it: this one only routes into (or publishes from) the shared log
                slot.status = IntegrationStatus.DISABLED;
                slot.reason = slot.source ? "runs on broker nodes (this node: node.roles=executor)"
                        : "delivered by executor nodes (this node: node.roles=broker)";
                return;
            }
        }
        lifecycle.execute(() -> startTask(slot, generation));
    }

    @Override
    public void stop(String integrationId, String reason) {
        IntegrationSlot slot = slots.get(integrationId);
        if (slot == null) {
            return;
        }
        Running running = detach(slot);
        stopRunning(slot, running.instance(), running.loop(), reason, settings.drainTimeout());
        events.statistics(integrationId, slot.stats.eventBody(slot.channel.queued()));
    }

    @Override
    public void markFailed(IntegrationDefinition definition, String reason) {
        open(definition);
        IntegrationSlot slot = slots.get(definition.id());
        synchronized (slot) {
            slot.status = IntegrationStatus.FAILED;
            slot.reason = reason;
        }
        events.lifecycle(definition.id(), "FAILED", Map.of("reason", reason));
    }

    @Override
    public long delete(String integrationId) {
        IntegrationSlot slot = slots.remove(integrationId);
        routes.unregister(integrationId);
        if (slot == null) {
            return 0;
        }
        Running running = detach(slot);
        stopRunning(slot, running.instance(), running.loop(), "deleted", Duration.ZERO);
        long discarded = slot.channel.discard();
        slot.meters.remove();
        int deadLettered = deadLetterStore.deleteAll(integrationId);
        if (discarded > 0 || deadLettered > 0) {
            log.info("Integration {} deleted: {} queued message(s) and {} dead letter(s) discarded", slot.name(),
                    discarded, deadLettered);
        }
        events.forget(integrationId);
        return discarded;
    }

    @Override
    public boolean requeue(String integrationId, BrokerMessage message) {
        IntegrationSlot slot = slots.get(integrationId);
        CompletableFuture<Void> stored = slot == null ? null : slot.channel.append(message);
        if (stored == null) {
            return false;
        }
        stored.join();
        return true;
    }

    @Override
    public StatusView status(String integrationId) {
        IntegrationSlot slot = slots.get(integrationId);
        return slot == null ? StatusView.DISABLED : slot.statusView();
    }

    /** Ids of the integrations open on this node. */
    public java.util.Set<String> ids() {
        return java.util.Set.copyOf(slots.keySet());
    }

    @Override
    public StatisticsSnapshot statistics(String integrationId) {
        IntegrationSlot slot = slots.get(integrationId);
        return slot == null ? StatisticsSnapshot.EMPTY : slot.stats.snapshot(slot.channel);
    }

    /** The shared log partitions this node reads for the integration now; empty for a local log. */
    public List<Integer> partitions(String integrationId) {
        IntegrationSlot slot = slots.get(integrationId);
        return slot == null ? List.of() : slot.channel.log().partitions();
    }

    /**
     * Platform stop, first step, before the broker stops: source integrations stop (each finishes
     * the publishes it waits for, within the drain time) and no integration may publish any more.
     */
    public void stopSources() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (IntegrationSlot slot : slots.values()) {
            boolean source;
            synchronized (slot) {
                source = slot.source && slot.instance != null;
            }
            if (source) {
                stopping.add(CompletableFuture.runAsync(() -> stop(slot.id, "platform stopping"), lifecycle));
            }
        }
        try {
            CompletableFuture.allOf(stopping.toArray(new CompletableFuture[0]))
                    .get(settings.drainTimeout().toMillis() + settings.stopTimeout().toMillis() + 5000,
                            TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Source integrations did not all stop in time: {}", e.toString());
        }
        sources.close();
    }

    /**
     * Platform stop: delivery stops everywhere at once, deliveries in flight get up to the drain
     * time to finish, plugins stop, and every log is closed with what it holds.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        if (settings.log().durability() == Durability.MEMORY) {
            // nothing survives the process: keep delivering until the logs are empty or time is up
            while (System.nanoTime() < deadline && slots.values().stream()
                    .anyMatch(s -> s.loop != null && s.channel.queued() > 0)) {
                sleep(20);
            }
        }
        List<IntegrationSlot> all = new ArrayList<>(slots.values());
        List<PluginInstance> instances = new ArrayList<>();
        List<DeliveryLoop> loops = new ArrayList<>();
        for (IntegrationSlot slot : all) {
            Running running = detach(slot);
            instances.add(running.instance());
            loops.add(running.loop());
        }
        loops.forEach(l -> {
            if (l != null) {
                l.stop();
            }
        });
        for (DeliveryLoop l : loops) {
            if (l != null) {
                l.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        }
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            IntegrationSlot slot = all.get(i);
            PluginInstance instance = instances.get(i);
            stopping.add(CompletableFuture.runAsync(() -> {
                stopPlugin(slot, instance, "platform stopping");
                slot.channel.rewind();
                long left = slot.channel.queued();
                events.statistics(slot.id, slot.stats.eventBody(left));
                if (left > 0 && settings.log().durability() == Durability.MEMORY) {
                    log.warn("Integration {}: {} undelivered message(s) lost with the process "
                            + "(integration.durability=memory)", slot.name(), left);
                }
                slot.channel.close();
            }, lifecycle));
        }
        try {
            CompletableFuture.allOf(stopping.toArray(new CompletableFuture[0]))
                    .get(settings.stopTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Integrations did not all stop in time: {}", e.toString());
        }
        scheduler.shutdownNow();
        lifecycle.shutdownNow();
        deadLetterThread.shutdown();
    }

    /** What ran for an integration, taken out of its slot. */
    private record Running(PluginInstance instance, DeliveryLoop loop) {
    }

    /** Deliveries run on executors, sources (they publish into the broker) on brokers. */
    private boolean runsHere(boolean source) {
        return roles.contains(source ? NodeRole.BROKER : NodeRole.EXECUTOR);
    }

    /** Takes the running plugin out of the slot (status DISABLED); a pending start or restart gives up. */
    private static Running detach(IntegrationSlot slot) {
        synchronized (slot) {
            slot.generation++;
            slot.cancelRestart();
            Running running = new Running(slot.instance, slot.loop);
            slot.instance = null;
            slot.loop = null;
            slot.status = IntegrationStatus.DISABLED;
            slot.reason = null;
            return running;
        }
    }

    private IntegrationSlot newSlot(IntegrationDefinition definition) {
        IntegrationStats stats = new IntegrationStats();
        IntegrationLog integrationLog = logs.open(definition.id(), definition.name());
        if (integrationLog instanceof LocalIntegrationLog local && local.truncatedOnOpen() > 0) {
            events.error(definition.id(), "LOG", "The log's end was damaged (a crash while writing): "
                    + local.truncatedOnOpen() + " bytes of partial records were cut; the records before them are kept",
                    null, null);
        }
        IntegrationChannel channel = new IntegrationChannel(integrationLog, settings.log().maxMessages(),
                settings.log().maxBytes(), stats, this::logFull);
        if (integrationLog.messages() > 0) {
            log.info("Integration {}: {} message(s) in its log from before the restart", definition.name(),
                    integrationLog.messages());
        }
        IntegrationSlot slot = new IntegrationSlot(definition.id(), stats, channel);
        slot.meters = new IntegrationMeters(meters, slot);
        return slot;
    }

    private void logFull(IntegrationChannel channel) {
        for (IntegrationSlot slot : slots.values()) {
            if (slot.channel == channel) {
                StatusView status = slot.statusView();
                String why = switch (status.status()) {
                    case ACTIVE, PENDING -> "its destination does not keep up or is unreachable";
                    case DISABLED -> "the integration is disabled: enable it, or delete it to discard its messages";
                    case FAILED -> "the integration is FAILED (" + status.reason()
                            + "): fix it, or delete it to discard its messages";
                };
                String text = "Integration log full (" + channel.log().messages() + " messages, "
                        + channel.log().bytes() + " bytes; limits " + settings.log().maxMessages() + " messages, "
                        + settings.log().maxBytes() + " bytes): QoS 1/2 publishers to its topics are held until "
                        + "it drains, QoS 0 messages are dropped; " + why;
                log.warn("Integration {}: {}", slot.name(), text);
                events.error(slot.id, "LOG_FULL", text, null, null);
                return;
            }
        }
    }

    private void startTask(IntegrationSlot slot, long generation) {
        PluginInstance old;
        DeliveryLoop oldLoop;
        IntegrationDefinition def;
        InstalledType type;
        Config config;
        synchronized (slot) {
            if (slot.generation != generation) {
                return;
            }
            old = slot.instance;
            oldLoop = slot.loop;
            slot.instance = null;
            slot.loop = null;
            def = slot.definition;
            type = slot.type;
            config = slot.config;
        }
        stopRunning(slot, old, oldLoop, "restarting", settings.drainTimeout());
        boolean source;
        synchronized (slot) {
            source = slot.source;
        }
        // every integration may publish; a source's publishes are its statistics
        IntegrationPublisher publisher = sources.open(def.name(), source ? counters(slot.stats) : PublishCounters.NONE);
        PluginContext context = new PluginContext(def.id(), def.name(), def.type(), metadata(def), nodeId, events,
                publisher, new PluginMeters(meters, def.name(), def.type()));
        PluginInstance instance;
        try {
            instance = PluginInstance.create(type, config, context);
        } catch (PluginCallException e) {
            context.closeMetrics();
            failed(slot, generation, e.getMessage());
            return;
        }
        String why = instance.start(START_TIMEOUT);
        if (why != null) {
            instance.stop(settings.stopTimeout());
            context.closeMetrics();
            failed(slot, generation, why);
            return;
        }
        synchronized (slot) {
            if (slot.generation != generation) {
                lifecycle.execute(() -> {
                    instance.stop(settings.stopTimeout());
                    context.closeMetrics();
                });
                return;
            }
            DeliveryLoop loop = new DeliveryLoop(def.id(), def.name(), instance, slot.channel, slot.stats,
                    settings, scheduler, events, deadLetters, nodeId);
            slot.instance = instance;
            slot.loop = loop;
            slot.status = IntegrationStatus.ACTIVE;
            slot.reason = null;
            slot.restartAttempt = 0;
            loop.start();
        }
        log.info("Integration {} ({}) started", def.name(), type.type());
        events.lifecycle(def.id(), "STARTED", Map.of("type", type.type()));
    }

    private void failed(IntegrationSlot slot, long generation, String reason) {
        Duration delay;
        synchronized (slot) {
            if (slot.generation != generation) {
                return;
            }
            slot.restartAttempt++;
            delay = RuntimeSettings.backoff(settings.restartInitial(), settings.restartMax(), slot.restartAttempt);
            slot.status = IntegrationStatus.FAILED;
            slot.reason = reason;
            slot.restartTask = scheduler.schedule(() -> lifecycle.execute(() -> startTask(slot, generation)),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        log.warn("Integration {} failed: {} (retrying in {} s)", slot.name(), reason, delay.toSeconds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        body.put("retryInSeconds", delay.toSeconds());
        events.lifecycle(slot.id, "FAILED", body);
        events.error(slot.id, "START", reason, null, null);
    }

    /**
     * Stops delivery: no new reads, deliveries in flight get {@code drain} to finish, the plugin
     * stops, and the log is rewound so that what was not delivered is read again on the next start.
     */
    private void stopRunning(IntegrationSlot slot, PluginInstance instance, DeliveryLoop loop, String reason,
                             Duration drain) {
        if (loop != null) {
            loop.stop();
            int left = loop.awaitIdle(drain);
            if (left > 0) {
                log.info("Integration {}: {} deliveries still in flight after {} s; they stay in the log",
                        slot.name(), left, drain.toSeconds());
            }
        }
        stopPlugin(slot, instance, reason);
        if (loop != null) {
            slot.channel.rewind();
        }
    }

    private void stopPlugin(IntegrationSlot slot, PluginInstance instance, String reason) {
        if (instance == null) {
            return;
        }
        String error = instance.stop(settings.stopTimeout());
        instance.context().closePublisher();
        instance.context().closeMetrics();
        if (error != null) {
            events.error(slot.id, "STOP", error, null, null);
        }
        events.lifecycle(slot.id, "STOPPED", Map.of("reason", reason));
        log.info("Integration {} stopped ({})", slot.name(), reason);
    }

    /** A plugin that blocks the delivery thread past the process timeout fails its integration. */
    private void watchdog() {
        for (IntegrationSlot slot : slots.values()) {
            DeliveryLoop loop;
            long generation;
            synchronized (slot) {
                loop = slot.loop;
                generation = slot.generation;
            }
            if (loop != null && loop.blockedFor().compareTo(settings.processTimeout()) > 0) {
                String why = "process() blocked its thread for more than " + settings.processTimeout().toMillis()
                        + " ms";
                loop.abandonBlockedCall();
                failed(slot, generation, why);
            }
        }
    }

    private void persistStatistics() {
        for (IntegrationSlot slot : slots.values()) {
            if (slot.stats.changedSinceLastEvent()) {
                events.statistics(slot.id, slot.stats.eventBody(slot.channel.queued()));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A source's publishes as its statistics: offered = matched, accepted = processed (succeeded). */
    private static PublishCounters counters(IntegrationStats stats) {
        return new PublishCounters() {
            @Override
            public void offered() {
                stats.matched.increment();
                stats.inFlight.increment();
            }

            @Override
            public void accepted() {
                stats.inFlight.decrement();
                stats.success();
            }

            @Override
            public void failed() {
                stats.inFlight.decrement();
                stats.failed.increment();
            }
        };
    }

    private static Map<String, String> metadata(IntegrationDefinition def) {
        Map<String, String> m = def.configuration().metadata();
        return m == null ? Map.of() : m;
    }
}
