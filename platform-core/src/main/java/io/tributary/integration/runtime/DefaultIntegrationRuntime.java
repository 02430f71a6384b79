package io.tributary.integration.runtime;

import io.tributary.broker.routing.IntegrationRoutes;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStatus;
import io.tributary.integration.events.EventRecorder;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.host.InstalledType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs integrations in this process. Each gets its own queue ({@link Admission}), its own
 * delivery thread and counters; starts and stops run on lifecycle threads with timeouts; a
 * failed start is retried with exponential backoff; a plugin that blocks inside
 * {@code process} is detected by a watchdog and restarted.
 */
public final class DefaultIntegrationRuntime implements IntegrationRuntime, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DefaultIntegrationRuntime.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final IntegrationRoutes routes;
    private final EventRecorder events;
    private final RuntimeSettings settings;
    private final String nodeId;
    private final Map<String, IntegrationSlot> slots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("integration-timer"));
    private final ExecutorService lifecycle = Executors.newCachedThreadPool(daemon("integration-lifecycle"));

    public DefaultIntegrationRuntime(IntegrationRoutes routes, EventRecorder events, RuntimeSettings settings,
                                     String nodeId) {
        this.routes = routes;
        this.events = events;
        this.settings = settings;
        this.nodeId = nodeId;
        scheduler.scheduleWithFixedDelay(this::watchdog, 1, 1, TimeUnit.SECONDS);
        long stats = settings.statsInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::persistStatistics, stats, stats, TimeUnit.MILLISECONDS);
    }

    @Override
    public void deploy(IntegrationDefinition definition, InstalledType type, Config config) {
        IntegrationSlot slot = slots.computeIfAbsent(definition.id(),
                id -> new IntegrationSlot(id, settings.queueCapacity()));
        long generation;
        synchronized (slot) {
            generation = ++slot.generation;
            slot.cancelRestart();
            slot.definition = definition;
            slot.type = type;
            slot.config = config;
            slot.status = IntegrationStatus.PENDING;
            slot.reason = null;
            slot.restartAttempt = 0;
        }
        // subscribe at once: messages queue up while the plugin starts
        routes.register(definition.id(), definition.configuration().topicFilters(), slot.admission);
        lifecycle.execute(() -> startTask(slot, generation));
    }

    @Override
    public void undeploy(String integrationId, String reason) {
        IntegrationSlot slot = slots.remove(integrationId);
        routes.unregister(integrationId);
        if (slot == null) {
            return;
        }
        PluginInstance instance;
        DeliveryLoop loop;
        synchronized (slot) {
            slot.generation++;
            slot.cancelRestart();
            instance = slot.instance;
            loop = slot.loop;
            slot.instance = null;
            slot.loop = null;
            slot.status = IntegrationStatus.DISABLED;
        }
        stopRunning(slot, instance, loop, reason);
        int abandoned = slot.admission.close();
        if (abandoned > 0) {
            events.error(integrationId, "ABANDONED", abandoned + " queued message(s) abandoned: " + reason, null, null);
        }
        events.statistics(integrationId, slot.stats.eventBody(0));
    }

    @Override
    public void markFailed(String integrationId, String reason) {
        IntegrationSlot slot = slots.computeIfAbsent(integrationId, id -> new IntegrationSlot(id, settings.queueCapacity()));
        synchronized (slot) {
            slot.status = IntegrationStatus.FAILED;
            slot.reason = reason;
        }
        events.lifecycle(integrationId, "FAILED", Map.of("reason", reason));
    }

    @Override
    public StatusView status(String integrationId) {
        IntegrationSlot slot = slots.get(integrationId);
        return slot == null ? StatusView.DISABLED : slot.statusView();
    }

    @Override
    public StatisticsSnapshot statistics(String integrationId) {
        IntegrationSlot slot = slots.get(integrationId);
        return slot == null ? StatisticsSnapshot.EMPTY : slot.stats.snapshot(slot.admission.size());
    }

    /** Stops every integration (platform shutdown); queued messages are lost with the process. */
    @Override
    public void close() {
        for (String id : List.copyOf(slots.keySet())) {
            undeploy(id, "platform stopping");
        }
        scheduler.shutdownNow();
        lifecycle.shutdownNow();
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
        stopRunning(slot, old, oldLoop, "restarting");
        PluginContext context = new PluginContext(def.id(), def.name(), metadata(def), nodeId, events);
        PluginInstance instance;
        try {
            instance = PluginInstance.create(type, config, context, lifecycle);
        } catch (Exception | LinkageError e) {
            failed(slot, generation, PluginContext.describe("create() failed", e));
            return;
        }
        String why = instance.start(START_TIMEOUT);
        if (why != null) {
            instance.stop(settings.stopTimeout());
            failed(slot, generation, why);
            return;
        }
        synchronized (slot) {
            if (slot.generation != generation) {
                lifecycle.execute(() -> instance.stop(settings.stopTimeout()));
                return;
            }
            DeliveryLoop loop = new DeliveryLoop(def.id(), def.name(), instance, slot.admission, slot.stats,
                    settings, scheduler, events, nodeId);
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

    private void stopRunning(IntegrationSlot slot, PluginInstance instance, DeliveryLoop loop, String reason) {
        if (loop != null) {
            loop.stop();
        }
        if (instance != null) {
            String error = instance.stop(settings.stopTimeout());
            if (error != null) {
                events.error(slot.id, "STOP", error, null, null);
            }
            events.lifecycle(slot.id, "STOPPED", Map.of("reason", reason));
            log.info("Integration {} stopped ({})", slot.name(), reason);
        }
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
                events.statistics(slot.id, slot.stats.eventBody(slot.admission.size()));
            }
        }
    }

    private static Map<String, String> metadata(IntegrationDefinition def) {
        Map<String, String> m = def.configuration().metadata();
        return m == null ? Map.of() : m;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
