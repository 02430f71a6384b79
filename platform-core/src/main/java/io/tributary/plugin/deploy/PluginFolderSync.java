package io.tributary.plugin.deploy;

import io.tributary.plugin.host.ArchiveDescriptor;
import io.tributary.plugin.host.InstalledPlugin;
import io.tributary.plugin.host.PluginCandidate;
import io.tributary.plugin.host.PluginHost;
import io.tributary.plugin.host.PluginRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings the plugin host in line with the archives settled in the plugins directory: an archive
 * that appeared is checked and loaded, one that changed is loaded again (its integrations
 * restart on the new version), one that disappeared is unloaded. When several archives carry the
 * same plugin id the newest version wins and the others are listed as shadowed. Archives of
 * disabled plugins are listed, not loaded. Refused archives are listed with the reason and
 * logged once; they are retried when they change (or, for a clash with another plugin, when the
 * loaded plugins change).
 *
 * <p>Not thread-safe: {@link PluginManagerService} calls it under its lock.
 */
final class PluginFolderSync {
    private static final Logger log = LoggerFactory.getLogger(PluginFolderSync.class);

    private final PluginHost host;
    private final Path pluginsDir;
    private final DisabledPlugins disabled;
    /** archive → what was last concluded about it, for which stamp */
    private final Map<Path, Attempt> attempts = new HashMap<>();
    /** archive → stamp it had when its plugin was loaded */
    private final Map<Path, FileStamp> loadedStamps = new HashMap<>();
    /** bumped whenever the loaded plugins change: clashes with other plugins are then worth retrying */
    private long generation;

    /** What is known about one archive at one stamp: its descriptor, or why it was refused. */
    private record Attempt(FileStamp stamp, ArchiveDescriptor descriptor, PluginRejectedException rejection,
                           long generation) {
        boolean refusedFor(FileStamp s, long currentGeneration) {
            return rejection != null && stamp.equals(s)
                    && (!rejection.dependsOnOtherPlugins() || generation == currentGeneration);
        }
    }

    PluginFolderSync(PluginHost host, Path pluginsDir, DisabledPlugins disabled) {
        this.host = host;
        this.pluginsDir = pluginsDir.toAbsolutePath().normalize();
        this.disabled = disabled;
    }

    /** Applies one settled view of the directory. Paths still changing are left as they are. */
    void apply(SettledFiles.View view) {
        removeGone(view);
        Map<String, List<Path>> byId = new LinkedHashMap<>();
        for (Path archive : view.present().keySet().stream().sorted().toList()) {
            describe(archive, view.present().get(archive)).ifPresent(d -> byId.computeIfAbsent(d.id(),
                    k -> new ArrayList<>()).add(archive));
        }
        byId.forEach((id, archives) -> applyPlugin(id, archives, view));
    }

    /** Records that {@code archive} (at its current stamp) was loaded by an operator's request. */
    void loaded(Path archive, ArchiveDescriptor descriptor) {
        FileStamp.of(archive).ifPresent(s -> {
            attempts.put(key(archive), new Attempt(s, descriptor, null, generation));
            loadedStamps.put(key(archive), s);
        });
        generation++;
    }

    /** Forgets an archive that was deleted or unloaded by an operator's request. */
    void forget(Path archive) {
        attempts.remove(key(archive));
        loadedStamps.remove(key(archive));
        generation++;
    }

    private void removeGone(SettledFiles.View view) {
        for (InstalledPlugin p : host.plugins()) {
            Path archive = key(Path.of(p.path()));
            if (!archive.getParent().equals(pluginsDir) || view.present().containsKey(archive)
                    || view.unsettled().contains(archive)
                    // installed through the API after this scan listed the folder: not gone
                    || java.nio.file.Files.exists(archive)) {
                continue;
            }
            if (p.state().equals(InstalledPlugin.DISABLED) || p.state().equals(InstalledPlugin.REJECTED)) {
                host.unpark(archive);
                if (p.state().equals(InstalledPlugin.DISABLED) && host.parked().values().stream()
                        .noneMatch(o -> o.id().equals(p.id()))) {
                    disabled.remove(p.id()); // its last archive is gone: a new drop-in starts enabled
                }
            } else if (host.loadedFrom(archive).isPresent()) {
                log.info("Plugin archive {} was removed: unloading plugin '{}'", archive.getFileName(), p.id());
                host.unload(p.id());
                generation++;
            }
            attempts.remove(archive);
            loadedStamps.remove(archive);
        }
    }

    private Optional<ArchiveDescriptor> describe(Path archive, FileStamp stamp) {
        Attempt last = attempts.get(archive);
        if (last != null && last.stamp().equals(stamp)) {
            return Optional.ofNullable(last.descriptor());
        }
        try {
            ArchiveDescriptor d = host.describe(archive);
            attempts.put(archive, new Attempt(stamp, d, null, generation));
            return Optional.of(d);
        } catch (PluginRejectedException e) {
            refuse(archive, stamp, null, e);
            return Optional.empty();
        }
    }

    /** Picks, among the archives of one plugin id, the one to run; lists the others. */
    private void applyPlugin(String id, List<Path> archives, SettledFiles.View view) {
        if (disabled.contains(id)) {
            for (Path archive : archives) {
                ArchiveDescriptor d = attempts.get(archive).descriptor();
                host.park(archive, new InstalledPlugin(id, d.version(), InstalledPlugin.DISABLED,
                        disabled.types(id).orElse(List.of()), archive.toString()));
            }
            return;
        }
        Optional<Path> current = host.archive(id).map(this::key);
        if (current.isPresent() && view.unsettled().contains(current.get())) {
            return; // the running archive is being rewritten: decide once it has settled
        }
        List<Path> ordered = new ArrayList<>(archives);
        ordered.sort(Comparator.<Path, String>comparing(a -> attempts.get(a).descriptor().version(),
                        PluginHost::compareVersions)
                .thenComparing(a -> current.isPresent() && current.get().equals(a))
                .thenComparing(a -> a.getFileName().toString())
                .reversed());
        Path winner = null;
        for (Path archive : ordered) {
            if (winner == null && run(archive, view.present().get(archive), current)) {
                winner = archive;
            } else if (winner != null) {
                loadedStamps.remove(archive);
                ArchiveDescriptor d = attempts.get(archive).descriptor();
                host.park(archive, new InstalledPlugin(id, d.version(), InstalledPlugin.REJECTED, List.of(),
                        archive.toString(), "shadowed by " + winner.getFileName() + ", version "
                        + attempts.get(winner).descriptor().version() + " of the same plugin"));
            }
        }
    }

    /** True when {@code archive} runs: it already did, or it was checked and installed now. */
    private boolean run(Path archive, FileStamp stamp, Optional<Path> current) {
        Attempt last = attempts.get(archive);
        if (current.isPresent() && current.get().equals(archive)) {
            // loaded by someone else (start, a test): take it as loaded from what is there now
            FileStamp loadedWith = loadedStamps.computeIfAbsent(archive, a -> stamp);
            if (loadedWith.equals(stamp)) {
                host.unpark(archive);
                return true;
            }
        }
        if (last.refusedFor(stamp, generation)) {
            return false;
        }
        ArchiveDescriptor d = last.descriptor();
        try {
            PluginCandidate candidate = host.check(archive);
            host.install(candidate);
            log.info("Plugin archive {} in {}: plugin '{}' {} loaded with types {}", archive.getFileName(),
                    pluginsDir, candidate.id(), candidate.version(), candidate.types());
            attempts.put(archive, new Attempt(stamp, d, null, generation));
            loadedStamps.put(archive, stamp);
            generation++;
            host.unpark(archive);
            return true;
        } catch (PluginRejectedException e) {
            refuse(archive, stamp, d, e);
            return false;
        }
    }

    private void refuse(Path archive, FileStamp stamp, ArchiveDescriptor d, PluginRejectedException e) {
        log.error("Plugin archive {} refused: {}", archive, e.getMessage());
        attempts.put(archive, new Attempt(stamp, d, e, generation));
        host.park(archive, new InstalledPlugin(d == null ? archive.getFileName().toString() : d.id(),
                d == null ? "" : d.version(), InstalledPlugin.REJECTED, List.of(), archive.toString(),
                e.getMessage()));
    }

    private Path key(Path archive) {
        return archive.toAbsolutePath().normalize();
    }
}
