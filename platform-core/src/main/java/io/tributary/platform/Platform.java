package io.tributary.platform;

import io.tributary.broker.MqttBroker;
import io.tributary.broker.forward.NodeForwarding;
import io.tributary.broker.retain.SharedRetained;
import io.tributary.broker.takeover.ClusterTakeover;
import io.tributary.broker.handover.SessionHandover;
import io.tributary.broker.handover.SessionRows;
import io.tributary.cluster.NodeRegistry;
import io.tributary.cluster.NodeRole;
import io.tributary.concurrent.Daemons;
import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.events.EventRecorder;
import io.tributary.integration.log.IntegrationLogs;
import io.tributary.integration.runtime.DefaultIntegrationRuntime;
import io.tributary.integration.runtime.RuntimeSettings;
import io.tributary.integration.source.SourcePublishing;
import io.tributary.health.HealthReport;
import io.tributary.metrics.MetricsServer;
import io.tributary.metrics.PlatformMetrics;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.plugin.deploy.DisabledPlugins;
import io.tributary.plugin.deploy.PluginManagerService;
import io.tributary.plugin.host.PluginHost;
import io.tributary.secrets.SecretBox;
import io.tributary.secrets.SecretKeyCheck;
import io.tributary.secrets.SecretKeys;
import io.tributary.storage.ConfigJournal;
import io.tributary.storage.ConfigSync;
import io.tributary.storage.Database;
import io.tributary.storage.IntegrationRepository;
import io.tributary.storage.SettingsRepository;
import io.tributary.storage.SqliteAclRuleStore;
import io.tributary.storage.SqliteMqttUserStore;
import io.tributary.storage.SqliteDeadLetterStore;
import io.tributary.storage.SqliteEventSink;
import io.tributary.storage.SqlClientClaimStore;
import io.tributary.storage.SqlNodeFilterStore;
import io.tributary.storage.SqlSessionRowStore;
import io.tributary.storage.SqlNodeStore;
import io.tributary.storage.SqlSharedRetainedStore;
import io.tributary.storage.StorageOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform in one process: broker, storage (the SQLite file, or PostgreSQL shared with
 * other nodes, whose configuration changes it then follows), plugin host, integration runtime
 * and service, plus modules found on the class path (the web admin). Starts in that order and
 * stops in reverse, so wills published at shutdown still reach integrations.
 */
public final class Platform implements AutoCloseable {
    /** Platform version plugins are checked against (PF4J {@code plugin.requires}). */
    public static final String VERSION = "0.1.0";
    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final TributaryConfig config;
    private final PlatformMetrics metrics;
    private MqttBroker broker;
    private Database database;
    private SqliteEventSink eventSink;
    private EventRecorder events;
    private PluginHost plugins;
    private PluginManagerService pluginManager;
    private DefaultIntegrationRuntime runtime;
    private IntegrationService integrations;
    private DeadLetterService deadLetters;
    private SettingsRepository settings;
    private ScheduledExecutorService housekeeping;
    private ConfigSync configSync;
    private NodeRegistry nodes;
    private ClusterTakeover takeover;
    private SharedRetained sharedRetained;
    private NodeForwarding forwarding;
    private SessionHandover handover;
    private SessionRows rows;
    private final NodeReport report = new NodeReport(this);
    private SharedLogs sharedLogs;
    private final List<PlatformModule> modules = new ArrayList<>();
    private final PlatformHealth health = new PlatformHealth(this);
    private volatile MetricsServer metricsServer;
    private volatile Phase phase = Phase.NEW;
    private volatile boolean pluginsLoaded;
    private volatile boolean integrationsOpened;

    /** Where the platform is in its life; only {@link #STARTED} is ready. */
    public enum Phase { NEW, STARTING, STARTED, STOPPING, STOPPED }

    public Platform(TributaryConfig config) {
        this.config = config;
        this.metrics = new PlatformMetrics(config.nodeId());
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public Platform start() throws Exception {
        CompletableFuture<Database> opening = null;
        phase = Phase.STARTING;
        try {
            int metricsPort = config.getInt(ConfigKey.METRICS_PORT);
            if (metricsPort >= 0) {
                // first: probes get answers (503 until ready) through all of start-up
                metricsServer = MetricsServer.start(config.get(ConfigKey.METRICS_BIND), metricsPort, metrics,
                        this::readiness, config.getBoolean(ConfigKey.METRICS_AUTH));
            }
            // Start-up is mostly class loading and one-off initialisation on one thread; these run
            // beside it: the modules' warm-up, and opening SQLite (native library, Jdbi, migrations)
            // while the broker starts and the plugin host opens, neither of which needs storage.
            List<PlatformModule> found = new ArrayList<>();
            ServiceLoader.load(PlatformModule.class).forEach(found::add);
            CompletableFuture<Void> prepared = CompletableFuture.runAsync(() -> prepare(found),
                    r -> startThread("module-warm-up", r));
            Path dataDir = config.dataDir();
            Files.createDirectories(dataDir);
            StorageOptions storage = StorageOptions.from(config);
            opening = CompletableFuture.supplyAsync(() -> Database.open(storage, dataDir.resolve("tributary.db")),
                    r -> startThread("database-open", r));
            broker = new MqttBroker(config, metrics.registry()); // listeners are bound once every integration's log is open
            plugins = new PluginHost(Path.of(config.get(ConfigKey.PLUGINS_DIR)), VERSION);
            plugins.open();
            database = joinUnwrapped(opening);
            // before any listener binds: a second process with this node.id stops here
            nodes = new NodeRegistry(new SqlNodeStore(database), nodeSettings(), database.shared(), config.nodeId(),
                    config.nodeRoles(), VERSION, report::health).start();
            // on a shared store (PostgreSQL) changes are journaled for the other nodes
            ConfigJournal journal = ConfigJournal.forNode(database, config.nodeId());
            long journalStart = journal.enabled() ? journal.current() : 0;
            // MQTT users and ACL rules from the store (auth.users seeds users it lacks) before any CONNECT
            broker.users().attach(new SqliteMqttUserStore(database, journal));
            broker.acl().attach(new SqliteAclRuleStore(database, journal));
            settings = new SettingsRepository(database);
            SecretBox secrets = SecretKeys.load(config);
            SecretKeyCheck.Result keyCheck = SecretKeyCheck.verify(settings, secrets);
            eventSink = new SqliteEventSink(database);
            events = new EventRecorder(eventSink);
            pluginManager = new PluginManagerService(plugins, new DisabledPlugins(settings),
                    config.getLong(ConfigKey.PLUGINS_WATCH_INTERVAL));
            pluginManager.start();
            pluginsLoaded = true;
            SqliteDeadLetterStore deadLetterStore = new SqliteDeadLetterStore(database);
            Set<NodeRole> roles = config.nodeRoles();
            // a cluster's integration logs are shared, over the plugin its cluster.* settings name
            sharedLogs = ClusterSetup.open(config.clusterSettings(), roles, plugins.sharedLogProviders()).orElse(null);
            RuntimeSettings runtimeSettings = RuntimeSettings.from(config);
            runtime = new DefaultIntegrationRuntime(broker.core().integrations(), events, runtimeSettings,
                    config.nodeId(), deadLetterStore, new SourcePublishing(broker.core()), metrics.registry(),
                    new IntegrationLogs(runtimeSettings.log(), sharedLogs, roles.contains(NodeRole.EXECUTOR)), roles);
            deadLetters = new DeadLetterService(deadLetterStore, runtime);
            integrations = new IntegrationService(new IntegrationRepository(database, journal), plugins, runtime,
                    eventSink, secrets);
            protectStoredSecrets(secrets, keyCheck);
            // routes before listeners: no message is acknowledged that an integration would have missed
            integrations.openAll();
            integrationsOpened = true;
            if (database.shared()) {
                // before the listeners: every connection is claimed, so a newer one elsewhere closes it
                takeover = new ClusterTakeover(broker.core(), new SqlClientClaimStore(database), config.nodeId(),
                        Duration.ofMillis(config.getLong(ConfigKey.CLUSTER_TAKEOVER_INTERVAL)));
                // the shared retained messages replace those this node's journal restored
                sharedRetained = new SharedRetained(broker.core().retained(), new SqlSharedRetainedStore(database),
                        config.nodeId(), Duration.ofMillis(config.getLong(ConfigKey.CLUSTER_RETAINED_SYNC_INTERVAL)))
                        .start();
            }
            if (sharedLogs != null && database.shared() && roles.contains(NodeRole.BROKER)) {
                // before the listeners: a message published here reaches subscribers on the other nodes
                Duration sync = Duration.ofMillis(config.getLong(ConfigKey.CLUSTER_SUBSCRIPTIONS_SYNC_INTERVAL));
                forwarding = new NodeForwarding(broker.core(), sharedLogs, new SqlNodeFilterStore(database, nodeSettings().downAfter()),
                        config.nodeId(), sync);
                // persistent sessions follow their clients between nodes; relayed until every node
                // forwards to the new one (a few subscription syncs)
                SqlSessionRowStore sessionRows = new SqlSessionRowStore(database);
                handover = new SessionHandover(broker.core(), forwarding, takeover, sessionRows,
                        Duration.ofMillis(config.getLong(ConfigKey.CLUSTER_SESSION_HANDOVER_TIMEOUT)),
                        sync.multipliedBy(10)).receive();
                forwarding.start();
                rows = new SessionRows(broker.core(), sessionRows, config.nodeId(),
                        Duration.ofMillis(config.getLong(ConfigKey.CLUSTER_TAKEOVER_INTERVAL)));
                handover.start(rows); // restored sessions whose clients went elsewhere go there, then rows
            }
            if (takeover != null) {
                // after the handover is set: a restored session whose client went elsewhere moves, not ends
                takeover.start();
            }
            if (roles.contains(NodeRole.BROKER)) {
                broker.start();
            } else {
                log.info("node.roles=executor: no MQTT listeners; this node delivers the integrations' shared logs");
            }
            integrations.startAll();
            if (journal.enabled()) {
                startConfigSync(journal, journalStart);
            }
            // after the integrations, so that they hear about every type that comes or goes
            pluginManager.startWatching();
            startHousekeeping();
            prepared.join();
            for (PlatformModule module : found) {
                module.start(this);
                modules.add(module);
            }
            phase = Phase.STARTED;
            advertise();
            return this;
        } catch (Exception | Error e) {
            close();
            if (database == null && opening != null) {
                // failed before the database was needed: close it once it is open
                opening.thenAccept(Database::close);
            }
            throw e;
        }
    }

    /**
     * Encrypts secrets stored in clear (before schema version 4) and, after a key change, those
     * encrypted with the previous key; then drops the old bytes from the file.
     */
    private void protectStoredSecrets(SecretBox secrets, SecretKeyCheck.Result keyCheck) {
        int rewritten = integrations.protectStoredSecrets();
        if (keyCheck == SecretKeyCheck.Result.PREVIOUS_KEY) {
            SecretKeyCheck.renew(settings, secrets);
            log.info("Secret key rotated: stored secrets are now encrypted with secret.key; "
                    + "secret.key-previous can be removed");
        }
        if (rewritten > 0 || keyCheck == SecretKeyCheck.Result.PREVIOUS_KEY) {
            database.compact();
        }
        integrations.onSecretsRewritten(() -> {
            try {
                database.compact();
            } catch (RuntimeException e) {
                log.warn("Compacting the database after encrypting secrets failed (the clear values stay in "
                        + "free pages until the next compaction): {}", e.toString());
            }
        });
    }

    /**
     * Follows the changes other nodes make to the shared store, from {@code since} (read before
     * this node loaded its configuration, so a change made meanwhile is applied again, harmlessly).
     */
    private void startConfigSync(ConfigJournal journal, long since) {
        configSync = new ConfigSync(journal, new ConfigSync.Target() {
            @Override
            public void integrationChanged(String id) {
                integrations.applyStored(id);
            }

            @Override
            public void usersChanged() {
                broker.users().reload();
            }

            @Override
            public void aclChanged() {
                broker.acl().reload();
            }

            @Override
            public void everythingChanged() {
                integrations.applyAllStored(runtime.ids());
                broker.users().reload();
                broker.acl().reload();
            }
        }, Duration.ofMillis(config.getLong(ConfigKey.STORAGE_SYNC_INTERVAL))).start(since);
        log.info("Following configuration changes of the other nodes sharing the store (every {} ms)",
                config.getLong(ConfigKey.STORAGE_SYNC_INTERVAL));
    }

    private NodeRegistry.Settings nodeSettings() {
        return new NodeRegistry.Settings(Duration.ofMillis(config.getLong(ConfigKey.CLUSTER_HEARTBEAT_INTERVAL)),
                config.getInt(ConfigKey.CLUSTER_NODE_DOWN_AFTER),
                Duration.ofHours(config.getLong(ConfigKey.CLUSTER_NODE_REMOVE_AFTER)));
    }

    /** Writes this node's endpoints and health now rather than at the next heartbeat. */
    private void advertise() {
        nodes.endpoints(report.endpoints());
        try {
            nodes.beat();
        } catch (RuntimeException e) {
            log.warn("Cannot write this node's heartbeat to the store: {}", e.toString());
        }
    }

    /** The admin server listens on {@code port}: shown with this node in the cluster view. */
    public void advertiseAdmin(String scheme, int port) {
        report.admin(scheme, port);
        if (nodes != null && phase == Phase.STARTED) {
            advertise();
        }
    }

    /** The nodes sharing the store (just this one on SQLite), with their heartbeats. */
    public NodeRegistry nodes() {
        return nodes;
    }

    /** Follows configuration changes of other nodes; {@code null} unless the store is shared. */
    public ConfigSync configSync() {
        return configSync;
    }

    private static <T> T joinUnwrapped(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    public TributaryConfig config() {
        return config;
    }

    /** The meter registry every component registers with; {@code /metrics} renders it. */
    public PlatformMetrics metrics() {
        return metrics;
    }

    public MqttBroker broker() {
        return broker;
    }

    public Database database() {
        return database;
    }

    public SettingsRepository settings() {
        return settings;
    }

    public SqliteEventSink eventSink() {
        return eventSink;
    }

    public EventRecorder events() {
        return events;
    }

    public PluginHost plugins() {
        return plugins;
    }

    /** Install, enable, disable and delete plugins; keeps the plugins directory and the host in step. */
    public PluginManagerService pluginManager() {
        return pluginManager;
    }

    public DefaultIntegrationRuntime runtime() {
        return runtime;
    }

    public IntegrationService integrations() {
        return integrations;
    }

    public DeadLetterService deadLetters() {
        return deadLetters;
    }

    /** Where the platform is in its life. */
    public Phase phase() {
        return phase;
    }

    /** What {@code GET /health/ready} answers: every check, and the integrations that do not run. */
    public HealthReport readiness() {
        return health.ready();
    }

    /** The server of {@code metrics.port}, or {@code null} when that port is off. */
    public MetricsServer metricsServer() {
        return metricsServer;
    }

    boolean pluginsLoaded() {
        return pluginsLoaded;
    }

    boolean integrationsOpened() {
        return integrationsOpened;
    }

    /** A started module of the given type, e.g. the admin server (tests use it to find ports). */
    public <T extends PlatformModule> T module(Class<T> type) {
        return modules.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    @Override
    public void close() {
        phase = Phase.STOPPING; // first: readiness probes fail from here on, before anything stops
        for (int i = modules.size() - 1; i >= 0; i--) {
            quietly("module " + modules.get(i).getClass().getSimpleName(), modules.get(i)::close);
        }
        modules.clear();
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (configSync != null) {
            quietly("configuration sync", configSync::close);
        }
        if (nodes != null) {
            quietly("node heartbeat", nodes::close); // shown stopped; a restart may take the node id at once
        }
        if (pluginManager != null) {
            quietly("plugin watcher", pluginManager::close);
        }
        if (handover != null) {
            quietly("session handover", handover::close);
        }
        if (takeover != null) {
            quietly("client takeover", takeover::close);
        }
        if (sharedRetained != null) {
            quietly("shared retained messages", sharedRetained::close);
        }
        if (runtime != null) {
            // sources publish into the broker: they stop (and finish what they publish) before it does
            quietly("source integrations", runtime::stopSources);
        }
        if (forwarding != null) {
            quietly("share groups of this node", forwarding::withdrawShareGroups); // while its members are here
        }
        if (broker != null) {
            quietly("broker", broker::close);
        }
        if (rows != null) {
            quietly("session rows", rows::close); // after the broker: its clients' disconnects are written
        }
        if (forwarding != null) {
            quietly("forwarding between nodes", forwarding::close); // after the broker: its wills are forwarded
        }
        if (runtime != null) {
            quietly("integration runtime", runtime::close);
        }
        if (sharedLogs != null) {
            quietly("shared logs", sharedLogs::close); // after the logs over it, before the plugin providing it
        }
        pluginsLoaded = false;
        if (plugins != null) {
            quietly("plugin host", plugins::close);
        }
        if (events != null) {
            quietly("event recorder", events::close);
        }
        if (database != null) {
            quietly("database", database::close);
        }
        phase = Phase.STOPPED;
        if (metricsServer != null) {
            quietly("metrics port", metricsServer::close); // last: probes see the stop until the end
        }
        quietly("metrics", metrics::close);
    }

    private void prepare(List<PlatformModule> found) {
        for (PlatformModule module : found) {
            try {
                module.prepare(config);
            } catch (RuntimeException | LinkageError e) {
                log.warn("Warming up module {} failed: {}", module.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static void startThread(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private void startHousekeeping() {
        housekeeping = Daemons.timer("housekeeping");
        long ttlMillis = Duration.ofDays(config.getLong(ConfigKey.EVENTS_TTL_DAYS)).toMillis();
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                int pruned = eventSink.prune(System.currentTimeMillis() - ttlMillis);
                if (pruned > 0) {
                    log.info("Pruned {} events older than {} days", pruned, config.getLong(ConfigKey.EVENTS_TTL_DAYS));
                }
            } catch (RuntimeException e) {
                log.warn("Event pruning failed: {}", e.toString());
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    private static void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Stopping {} failed: {}", what, e.toString());
        }
    }
}
