package io.tributary.plugin.host;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.api.cluster.SharedLogProvider;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Loads integration plugins with PF4J and lists the integration types they provide.
 *
 * <p>{@link #start()} loads every {@code *.zip} and {@code *.jar} directly in the plugins
 * directory (anything else there, such as source folders, is ignored). Each archive is unpacked
 * into a private work directory, so the plugins directory is only read. A broken archive is
 * logged and skipped; it never stops the others. Type ids are unique: a type already provided by
 * an earlier plugin (archives load in file-name order) is refused and logged.
 *
 * <p>Classes load plugin-first, with the plugin API and SLF4J shared from the host (see
 * {@link HostPluginClassLoader}). The rest of the platform reaches a plugin only through the
 * isolated handles it lists ({@link InstalledType}, and the {@link IsolatedIntegration}s they
 * create), which set the plugin's loader as thread context class loader around every call.
 *
 * <p>Two ways in: {@link #load(Path)} is lenient (what {@link #start()} uses for the archives found
 * at start: problems are logged), {@link #check(Path)} then {@link #install(PluginCandidate)} is
 * strict (drop-ins and uploads: every problem is a {@link PluginRejectedException} and nothing
 * changes). Archives that are in the plugins directory but not loaded — disabled or refused — can
 * be {@linkplain #park parked} so that {@link #plugins()} lists them.
 */
public final class PluginHost implements PluginCatalog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final Path pluginsDir;
    private final String platformVersion;
    private final Map<String, InstalledType> types = new ConcurrentHashMap<>();
    /** plugin id → where it came from and where it was unpacked */
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /** archive → listing entry of an archive that is present but not loaded (disabled or refused) */
    private final Map<Path, InstalledPlugin> parked = new ConcurrentHashMap<>();
    private Path workDir;
    private HostPluginManager manager;

    private record Origin(Path archive, Path unpacked) {
    }

    /**
     * @param pluginsDir      directory holding plugin archives; need not exist
     * @param platformVersion checked against each plugin's {@code plugin.requires}, e.g. "0.1.0"
     */
    public PluginHost(Path pluginsDir, String platformVersion) {
        this.pluginsDir = Objects.requireNonNull(pluginsDir, "pluginsDir");
        this.platformVersion = Objects.requireNonNull(platformVersion, "platformVersion");
    }

    /** Loads and starts every plugin archive in the plugins directory. Call once (instead of {@link #open()}). */
    public synchronized void start() {
        open();
        List<Path> archives;
        try {
            archives = PluginArchives.list(pluginsDir);
        } catch (IOException e) {
            log.error("Cannot list plugins directory {}: no plugins loaded", pluginsDir, e);
            return;
        }
        if (archives.isEmpty()) {
            log.info("No plugin archives in {}", pluginsDir.toAbsolutePath());
        }
        archives.forEach(this::load);
    }

    /** Prepares the host without loading anything; plugins then come through {@link #install} or {@link #load}. */
    public synchronized void open() {
        if (manager != null) {
            throw new IllegalStateException("Plugin host already started");
        }
        try {
            workDir = Files.createTempDirectory("tributary-plugins-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the plugin work directory", e);
        }
        manager = new HostPluginManager(workDir, platformVersion);
    }

    /**
     * Loads and starts one plugin archive (a drop-in). Failures are logged, never thrown. An
     * archive already loaded from this path is not loaded again.
     *
     * @return the plugin id, or empty when the archive could not be loaded
     */
    public synchronized Optional<String> load(Path archive) {
        requireStarted();
        Optional<String> already = loadedFrom(archive);
        if (already.isPresent()) {
            return already;
        }
        Path unpacked = null;
        String pluginId = null;
        try {
            Path loadable = PluginArchives.unpack(archive, workDir);
            unpacked = PluginArchives.isZip(archive) ? loadable : loadable.getParent();
            pluginId = manager.loadPlugin(loadable);
            origins.put(pluginId, new Origin(archive, unpacked));
            PluginWrapper plugin = manager.getPlugin(pluginId);
            String id = pluginId;
            PluginState state;
            try (LoaderSwap swap = LoaderSwap.to(plugin.getPluginClassLoader())) {
                state = manager.startPlugin(id);
            }
            if (state != PluginState.STARTED) {
                log.error("Plugin '{}' from {} did not start (state {}){}", pluginId, archive, state,
                        plugin.getFailedException() == null ? "" : ": " + plugin.getFailedException());
                return Optional.of(pluginId);
            }
            List<String> added = registerTypes(plugin);
            log.info("Loaded plugin '{}' {} from {} with types {}", pluginId, plugin.getDescriptor().getVersion(),
                    archive.getFileName(), added);
            added.forEach(this::fire);
            return Optional.of(pluginId);
        } catch (Exception | LinkageError e) {
            log.error("Cannot load plugin archive {}: {}", archive, e.toString(), e);
            if (pluginId != null) {
                unload(pluginId);
            } else {
                PluginArchives.deleteTree(unpacked);
            }
            return Optional.empty();
        }
    }

    /**
     * Checks an archive as {@link #install} needs it, without changing anything: readable zip, no
     * entry escaping its folder, a valid descriptor, a compatible {@code plugin.requires}, classes
     * that load, at least one valid {@code IntegrationPlugin}, and no type that another loaded
     * plugin already provides (the plugin's own older version does not count).
     *
     * @throws PluginRejectedException with the first problem found
     */
    public PluginCandidate check(Path archive) {
        requireStarted();
        // the trial runs in its own PF4J manager: no need to hold the host's lock meanwhile
        PluginCandidate candidate = PluginTrial.run(archive, platformVersion);
        for (String type : candidate.types()) {
            InstalledType existing = types.get(type);
            if (existing != null && !existing.pluginId().equals(candidate.id())) {
                throw new PluginRejectedException(PluginRejectedException.Reason.DUPLICATE_TYPE,
                        archive.getFileName().toString(), "integration type '" + type + "' is already provided by plugin '"
                        + existing.pluginId() + "'");
            }
        }
        return candidate;
    }

    /**
     * Reads an archive's descriptor and checks it (zip, entries, id, version, {@code plugin.requires})
     * without loading any class. Cheap enough to run on every archive in the directory.
     *
     * @throws PluginRejectedException when the archive or its descriptor is unusable
     */
    public ArchiveDescriptor describe(Path archive) {
        return ArchiveInspector.describeArchive(archive, platformVersion);
    }

    /** Semantic-version order of two plugin versions: negative when {@code a} is older than {@code b}. */
    public static int compareVersions(String a, String b) {
        return ArchiveInspector.compareVersions(a, b);
    }

    /**
     * Loads a {@linkplain #check checked} archive. When a plugin with the same id is loaded it is
     * replaced: unloaded first (its types disappear, so their integrations stop), then the new one
     * is loaded (the types appear again and their integrations start on the new version). When the
     * new archive fails to load after all, the old one is loaded again.
     *
     * @return the loaded plugin
     * @throws PluginRejectedException when the archive does not load or does not provide the checked types
     */
    public synchronized InstalledPlugin install(PluginCandidate candidate) {
        requireStarted();
        Path archive = candidate.archive();
        Origin previous = origins.get(candidate.id());
        if (previous != null) {
            log.info("Replacing plugin '{}' {} from {} with {} from {}", candidate.id(),
                    manager.getPlugin(candidate.id()).getDescriptor().getVersion(), previous.archive().getFileName(),
                    candidate.version(), archive.getFileName());
            unload(candidate.id());
        }
        parked.remove(archive);
        Optional<String> loaded = load(archive);
        List<String> got = loaded.map(this::typesOf).orElse(List.of());
        if (loaded.isEmpty() || !got.containsAll(candidate.types())) {
            loaded.ifPresent(this::unload);
            if (previous != null && Files.isRegularFile(previous.archive())) {
                log.warn("Loading the previous archive {} of plugin '{}' again", previous.archive(), candidate.id());
                load(previous.archive());
            }
            throw new PluginRejectedException(PluginRejectedException.Reason.CLASS_LOADING,
                    archive.getFileName().toString(), "passed the checks but did not load with types "
                    + candidate.types() + " (see the log)");
        }
        return plugin(candidate.id()).orElseThrow();
    }

    private List<String> registerTypes(PluginWrapper plugin) throws Exception {
        String pluginId = plugin.getPluginId();
        List<IntegrationPlugin> extensions;
        try (LoaderSwap swap = LoaderSwap.to(plugin.getPluginClassLoader())) {
            extensions = manager.getExtensions(IntegrationPlugin.class, pluginId);
        }
        List<String> added = new ArrayList<>();
        for (IntegrationPlugin extension : extensions) {
            InstalledType type;
            try {
                type = IntegrationTypeReader.read(extension, plugin);
            } catch (IllegalArgumentException e) {
                log.error("Plugin '{}': integration type {} refused: {}", pluginId,
                        extension.getClass().getName(), e.getMessage());
                continue;
            } catch (Exception | LinkageError e) {
                log.error("Plugin '{}': integration type {} refused: {}", pluginId,
                        extension.getClass().getName(), e.getMessage(), e);
                continue;
            }
            InstalledType existing = types.putIfAbsent(type.type(), type);
            if (existing != null) {
                log.error("Plugin '{}': integration type '{}' refused: plugin '{}' already provides it",
                        pluginId, type.type(), existing.pluginId());
                continue;
            }
            added.add(type.type());
        }
        if (extensions.isEmpty()) {
            log.warn("Plugin '{}' provides no IntegrationPlugin extension (is META-INF/extensions.idx missing?)",
                    pluginId);
        }
        return added;
    }

    /**
     * Stops and unloads one plugin and closes its class loader. Its types disappear from the
     * catalog first and listeners are told before the loader closes, so the runtime can stop
     * the plugin's integrations. The loader is freed once nothing (threads, statics, instances)
     * still references it.
     *
     * @return false when no such plugin is loaded
     */
    public synchronized boolean unload(String pluginId) {
        requireStarted();
        if (manager.getPlugin(pluginId) == null) {
            return false;
        }
        List<String> removed = new ArrayList<>();
        types.values().removeIf(t -> {
            boolean ours = t.pluginId().equals(pluginId);
            if (ours) {
                removed.add(t.type());
            }
            return ours;
        });
        removed.forEach(this::fire);
        ClassLoader loader = manager.getPluginClassLoader(pluginId);
        try (LoaderSwap swap = LoaderSwap.to(loader)) {
            manager.unloadPlugin(pluginId);
        } catch (Exception | LinkageError e) {
            log.error("Plugin '{}' did not unload cleanly", pluginId, e);
        }
        Origin origin = origins.remove(pluginId);
        if (origin != null) {
            PluginArchives.deleteTree(origin.unpacked());
        }
        log.info("Unloaded plugin '{}' (types {})", pluginId, removed);
        return true;
    }

    /** The shared log providers of the started plugins (what a cluster carries its logs over). */
    public synchronized List<SharedLogProvider> sharedLogProviders() {
        requireStarted();
        List<SharedLogProvider> out = new ArrayList<>();
        for (PluginWrapper plugin : manager.getStartedPlugins()) {
            try (LoaderSwap swap = LoaderSwap.to(plugin.getPluginClassLoader())) {
                manager.getExtensions(SharedLogProvider.class, plugin.getPluginId()).forEach(p ->
                        out.add(new IsolatedSharedLogProvider(p, plugin.getPluginClassLoader())));
            } catch (Exception | LinkageError e) {
                log.error("Plugin '{}': shared log provider refused: {}", plugin.getPluginId(), e.toString(), e);
            }
        }
        return out;
    }

    /** The class loader of a loaded plugin (to run code in its context, or to watch it being freed). */
    public Optional<ClassLoader> classLoader(String pluginId) {
        HostPluginManager m = manager;
        return m == null ? Optional.empty() : Optional.ofNullable(m.getPluginClassLoader(pluginId));
    }

    /** The directory plugin archives are read from. */
    public Path pluginsDir() {
        return pluginsDir;
    }

    @Override
    public Optional<InstalledType> type(String typeId) {
        return typeId == null ? Optional.empty() : Optional.ofNullable(types.get(typeId));
    }

    @Override
    public List<InstalledType> types() {
        return types.values().stream().sorted(Comparator.comparing(InstalledType::type)).toList();
    }

    @Override
    public List<InstalledPlugin> plugins() {
        HostPluginManager m = manager;
        if (m == null) {
            return List.of();
        }
        return Stream.concat(m.getPlugins().stream()
                        .map(p -> new InstalledPlugin(p.getPluginId(), p.getDescriptor().getVersion(),
                                p.getPluginState().name(), typesOf(p.getPluginId()), archiveOf(p))),
                        parked.values().stream())
                .sorted(Comparator.comparing(InstalledPlugin::id).thenComparing(InstalledPlugin::path))
                .toList();
    }

    /** A loaded plugin. */
    public Optional<InstalledPlugin> plugin(String pluginId) {
        HostPluginManager m = manager;
        PluginWrapper p = m == null || pluginId == null ? null : m.getPlugin(pluginId);
        return p == null ? Optional.empty() : Optional.of(new InstalledPlugin(p.getPluginId(),
                p.getDescriptor().getVersion(), p.getPluginState().name(), typesOf(pluginId), archiveOf(p)));
    }

    /** The archive a loaded plugin came from. */
    public Optional<Path> archive(String pluginId) {
        Origin origin = pluginId == null ? null : origins.get(pluginId);
        return origin == null ? Optional.empty() : Optional.of(origin.archive());
    }

    /** The id of the plugin loaded from {@code archive}, if any. */
    public Optional<String> loadedFrom(Path archive) {
        Path wanted = archive.toAbsolutePath().normalize();
        return origins.entrySet().stream()
                .filter(e -> e.getValue().archive().toAbsolutePath().normalize().equals(wanted))
                .map(Map.Entry::getKey).findFirst();
    }

    /**
     * Lists an archive that is present but not loaded ({@link InstalledPlugin#DISABLED} or
     * {@link InstalledPlugin#REJECTED}); replaces what was parked for the same archive.
     */
    public void park(Path archive, InstalledPlugin entry) {
        parked.put(archive, entry);
    }

    /** Stops listing a parked archive. */
    public void unpark(Path archive) {
        parked.remove(archive);
    }

    /** The parked entries, by archive. */
    public Map<Path, InstalledPlugin> parked() {
        return Map.copyOf(parked);
    }

    @Override
    public boolean isTypeDisabled(String typeId) {
        return !types.containsKey(typeId) && parked.values().stream()
                .anyMatch(p -> InstalledPlugin.DISABLED.equals(p.state()) && p.types().contains(typeId));
    }

    private List<String> typesOf(String pluginId) {
        return types.values().stream().filter(t -> t.pluginId().equals(pluginId))
                .map(InstalledType::type).sorted().toList();
    }

    private String archiveOf(PluginWrapper plugin) {
        Origin origin = origins.get(plugin.getPluginId());
        return (origin == null ? plugin.getPluginPath() : origin.archive()).toString();
    }

    /** Listeners run synchronously on the loading or unloading thread; keep them short. */
    @Override
    public void onTypesChanged(Consumer<String> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void fire(String typeId) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(typeId);
            } catch (RuntimeException e) {
                log.warn("Type listener failed for {}", typeId, e);
            }
        }
    }

    /**
     * Unloads every plugin and deletes the work directory. Listeners are not called: the
     * platform is shutting down and stops its integrations before closing the host.
     */
    @Override
    public synchronized void close() {
        if (manager == null) {
            return;
        }
        types.clear();
        parked.clear();
        try {
            // unloadPlugins stops each plugin itself; stopPlugins can throw CME in 3.15.0 (pf4j #656)
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            log.error("Unloading plugins failed", e);
        }
        origins.clear();
        PluginArchives.deleteTree(workDir);
        manager = null;
    }

    private void requireStarted() {
        if (manager == null) {
            throw new IllegalStateException("Plugin host not started");
        }
    }
}
