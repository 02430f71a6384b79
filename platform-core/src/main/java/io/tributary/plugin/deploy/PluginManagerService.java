package io.tributary.plugin.deploy;

import io.tributary.plugin.host.ArchiveDescriptor;
import io.tributary.plugin.host.InstalledPlugin;
import io.tributary.plugin.host.PluginCandidate;
import io.tributary.plugin.host.PluginHost;
import io.tributary.plugin.host.PluginRejectedException;
import io.tributary.plugin.host.PluginRejectedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What operators do with plugins — install (upload), enable, disable, delete — and the plugins
 * directory kept in step with the host: archives copied in, replaced or removed while the
 * platform runs are loaded, reloaded or unloaded within a few seconds.
 *
 * <p>The plugins directory is the single source of truth: an uploaded archive ends up there as
 * {@code <plugin-id>-<version>.zip|jar}, so a restart loads what was installed. Only archives
 * directly in it count; folders (such as source modules in a checkout) and hidden files are
 * ignored. Every change is serialized on this service.
 */
public final class PluginManagerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PluginManagerService.class);
    /** Hidden (leading dot), so neither the watcher nor a restart takes a half-written upload for a plugin. */
    private static final String UPLOAD_PREFIX = ".upload-";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*\\.(zip|jar)",
            Pattern.CASE_INSENSITIVE);

    private final PluginHost host;
    private final Path pluginsDir;
    private final DisabledPlugins disabled;
    private final long pollMillis;
    private final PluginFolderSync sync;
    private PluginDirectoryWatcher watcher;

    /**
     * @param host       an {@linkplain PluginHost#open() open} host whose plugins directory this manages
     * @param disabled   where disabled plugins are remembered
     * @param pollMillis longest time between two scans of the directory; 0 turns watching off
     */
    public PluginManagerService(PluginHost host, DisabledPlugins disabled, long pollMillis) {
        this.host = Objects.requireNonNull(host, "host");
        this.pluginsDir = host.pluginsDir().toAbsolutePath().normalize();
        this.disabled = Objects.requireNonNull(disabled, "disabled");
        this.pollMillis = pollMillis;
        this.sync = new PluginFolderSync(host, pluginsDir, disabled);
    }

    /** True for a plugin archive's file name: {@code .zip} or {@code .jar}, not hidden. */
    static boolean isArchiveName(Path path) {
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (lower.endsWith(".zip") || lower.endsWith(".jar")) && Files.isRegularFile(path);
    }

    /** Loads what is in the plugins directory now (creating it when missing). Call once, before integrations start. */
    public synchronized void start() {
        try {
            Files.createDirectories(pluginsDir);
            removeStaleUploads();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare plugins directory " + pluginsDir, e);
        }
        Map<Path, FileStamp> now = PluginDirectoryWatcher.scan(pluginsDir);
        sync.apply(new SettledFiles.View(now, Set.of()));
        if (now.isEmpty()) {
            log.info("No plugin archives in {}", pluginsDir);
        }
    }

    /**
     * Starts watching the directory for drop-ins (unless the poll interval is 0). Call after the
     * integrations have started, so that they hear about types that come and go.
     */
    public synchronized void startWatching() {
        if (pollMillis <= 0 || watcher != null) {
            return;
        }
        watcher = new PluginDirectoryWatcher(pluginsDir, pollMillis, Math.min(pollMillis, 1000), this::apply);
        watcher.start(PluginDirectoryWatcher.scan(pluginsDir));
    }

    /** Applies a settled view of the directory (the watcher's callback). */
    synchronized void apply(SettledFiles.View view) {
        sync.apply(view);
    }

    /** Scans the directory now and applies what is there, without waiting for files to settle. */
    public synchronized void rescan() {
        sync.apply(new SettledFiles.View(PluginDirectoryWatcher.scan(pluginsDir), Set.of()));
    }

    /** Every plugin: loaded, disabled and refused archives. */
    public List<InstalledPlugin> plugins() {
        return host.plugins();
    }

    /**
     * Installs an uploaded plugin archive. Everything is checked before anything changes: the
     * file name, the archive (readable, no entry escaping its folder), the descriptor, {@code
     * plugin.requires}, a trial load of its classes and integration types, and clashes with
     * installed plugins. A plugin whose id is installed is upgraded when the upload is a newer
     * version: the old version is unloaded and its archive deleted, and the integrations of its
     * types restart on the new one.
     *
     * @param archive  the archive's bytes; read to the end, not closed
     * @param fileName the name it was uploaded with (only its extension matters)
     * @return the installed plugin
     * @throws PluginRejectedException with the reason; the plugins directory and the loaded plugins are unchanged
     */
    public synchronized InstalledPlugin install(InputStream archive, String fileName) {
        try {
            return installUpload(archive, fileName);
        } catch (PluginRejectedException e) {
            log.warn("Plugin upload refused ({}): {}", e.reason(), e.getMessage());
            throw e;
        }
    }

    private InstalledPlugin installUpload(InputStream archive, String fileName) {
        String name = plainName(fileName);
        if (!FILE_NAME.matcher(name).matches()) {
            throw new PluginRejectedException(Reason.NOT_AN_ARCHIVE, String.valueOf(fileName),
                    "a plugin is a .zip or .jar file with a plain name");
        }
        String extension = name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT);
        Path staged = pluginsDir.resolve(UPLOAD_PREFIX + UUID.randomUUID() + extension);
        try {
            Files.createDirectories(pluginsDir);
            Files.copy(archive, staged);
            return installStaged(staged, name, extension);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the uploaded plugin " + name, e);
        } finally {
            deleteQuietly(staged);
        }
    }

    /** Installs an archive given as a file (copied, the original is left as it is). */
    public InstalledPlugin install(Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            return install(in, archive.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + archive, e);
        }
    }

    private InstalledPlugin installStaged(Path staged, String name, String extension) throws IOException {
        PluginCandidate candidate;
        try {
            candidate = host.check(staged);
        } catch (PluginRejectedException e) {
            throw renamed(e, name);
        }
        String id = candidate.id();
        if (disabled.contains(id)) {
            throw new PluginRejectedException(Reason.DUPLICATE_PLUGIN, name, "plugin '" + id
                    + "' is installed but disabled: enable or delete it first");
        }
        Optional<InstalledPlugin> installed = host.plugin(id);
        if (installed.isPresent() && PluginHost.compareVersions(candidate.version(), installed.get().version()) <= 0) {
            throw new PluginRejectedException(Reason.DUPLICATE_PLUGIN, name, "plugin '" + id + "' "
                    + installed.get().version() + " is already installed; upload a newer version than "
                    + installed.get().version() + " to upgrade it, or delete it first");
        }
        for (Map.Entry<String, List<String>> d : disabled.all().entrySet()) {
            for (String type : candidate.types()) {
                if (d.getValue().contains(type)) {
                    throw new PluginRejectedException(Reason.DUPLICATE_TYPE, name, "integration type '" + type
                            + "' is provided by disabled plugin '" + d.getKey() + "'");
                }
            }
        }
        Optional<Path> previous = host.archive(id);
        Path target = pluginsDir.resolve(id + "-" + candidate.version() + extension);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        InstalledPlugin result;
        try {
            result = host.install(new PluginCandidate(id, candidate.version(), candidate.types(), target));
        } catch (PluginRejectedException e) {
            deleteQuietly(target);
            sync.forget(target);
            throw renamed(e, name);
        }
        host.unpark(target);
        sync.loaded(target, new ArchiveDescriptor(id, candidate.version(), "*", target));
        previous.filter(p -> !p.toAbsolutePath().normalize().equals(target) && inPluginsDir(p)).ifPresent(old -> {
            deleteQuietly(old);
            host.unpark(old);
            sync.forget(old);
        });
        log.info("Installed plugin '{}' {} ({}) with types {}", id, candidate.version(), target.getFileName(),
                candidate.types());
        return result;
    }

    /**
     * Disables a plugin: it is unloaded (its integrations become FAILED "plugin disabled"), its
     * archive stays, and it stays disabled across restarts until enabled.
     *
     * @throws UnknownPluginException when no plugin has this id
     */
    public synchronized InstalledPlugin disable(String pluginId) {
        Optional<InstalledPlugin> loaded = host.plugin(pluginId);
        if (loaded.isEmpty()) {
            return parkedEntry(pluginId, InstalledPlugin.DISABLED).orElseThrow(() -> new UnknownPluginException(pluginId));
        }
        InstalledPlugin p = loaded.get();
        disabled.add(pluginId, p.types());
        Path archive = Path.of(p.path()).toAbsolutePath().normalize();
        InstalledPlugin entry = new InstalledPlugin(pluginId, p.version(), InstalledPlugin.DISABLED, p.types(),
                archive.toString());
        // parked before unloading, so the integrations losing the types are told "plugin disabled"
        host.park(archive, entry);
        host.unload(pluginId);
        sync.forget(archive);
        log.info("Disabled plugin '{}' (types {})", pluginId, p.types());
        return entry;
    }

    /**
     * Enables a disabled plugin: its archive is checked and loaded, and the integrations of its
     * types start. An enabled plugin is returned as it is.
     *
     * @throws UnknownPluginException  when no plugin has this id
     * @throws PluginRejectedException when its archive no longer loads (it stays disabled)
     */
    public synchronized InstalledPlugin enable(String pluginId) {
        Optional<InstalledPlugin> loaded = host.plugin(pluginId);
        if (loaded.isPresent()) {
            return loaded.get();
        }
        InstalledPlugin entry = parkedEntry(pluginId, InstalledPlugin.DISABLED)
                .orElseThrow(() -> new UnknownPluginException(pluginId));
        Path archive = Path.of(entry.path());
        List<String> types = disabled.types(pluginId).orElse(List.of());
        disabled.remove(pluginId);
        host.unpark(archive);
        try {
            InstalledPlugin result = host.install(host.check(archive));
            sync.loaded(archive, new ArchiveDescriptor(pluginId, result.version(), "*", archive));
            log.info("Enabled plugin '{}' (types {})", pluginId, result.types());
            return result;
        } catch (PluginRejectedException e) {
            log.warn("Plugin '{}' cannot be enabled ({}): {}", pluginId, e.reason(), e.getMessage());
            disabled.add(pluginId, types);
            host.park(archive, entry);
            throw e;
        }
    }

    /**
     * Deletes a plugin: its archives (every version of it in the plugins directory) are removed
     * and it is unloaded; its integrations become FAILED "plugin not installed".
     *
     * @throws UnknownPluginException when no plugin has this id
     */
    public synchronized void delete(String pluginId) {
        Optional<Path> loadedFrom = host.archive(pluginId);
        List<Path> parkedArchives = host.parked().entrySet().stream()
                .filter(e -> e.getValue().id().equals(pluginId)).map(Map.Entry::getKey).toList();
        if (loadedFrom.isEmpty() && parkedArchives.isEmpty()) {
            throw new UnknownPluginException(pluginId);
        }
        for (Path archive : parkedArchives) {
            deleteQuietly(archive);
            host.unpark(archive);
            sync.forget(archive);
        }
        loadedFrom.filter(this::inPluginsDir).ifPresent(archive -> {
            deleteQuietly(archive);
            sync.forget(archive);
        });
        host.unload(pluginId);
        disabled.remove(pluginId);
        log.info("Deleted plugin '{}'", pluginId);
    }

    /** Stops watching. The host is closed by its owner. */
    @Override
    public void close() {
        PluginDirectoryWatcher w;
        synchronized (this) {
            w = watcher;
            watcher = null;
        }
        if (w != null) {
            w.close(); // outside the lock: the watcher thread may be waiting for it
        }
    }

    private Optional<InstalledPlugin> parkedEntry(String pluginId, String state) {
        return host.parked().values().stream()
                .filter(p -> p.id().equals(pluginId) && p.state().equals(state)).findFirst();
    }

    private boolean inPluginsDir(Path archive) {
        return pluginsDir.equals(archive.toAbsolutePath().normalize().getParent());
    }

    /** The last segment of an uploaded file name (browsers may send a path); "" when there is none. */
    private static String plainName(String fileName) {
        if (fileName == null) {
            return "";
        }
        String n = fileName.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** The same refusal, naming the file as the operator uploaded it rather than the staging file. */
    private static PluginRejectedException renamed(PluginRejectedException e, String name) {
        String message = e.getMessage();
        String prefix = e.archive() + ": ";
        return new PluginRejectedException(e.reason(), name,
                message.startsWith(prefix) ? message.substring(prefix.length()) : message, e);
    }

    private void removeStaleUploads() throws IOException {
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            entries.filter(p -> p.getFileName().toString().startsWith(UPLOAD_PREFIX)).forEach(this::deleteQuietly);
        }
    }

    private void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", file, e.toString());
        }
    }
}
