package io.tributary.plugin.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.platform.Platform;
import io.tributary.plugin.host.InstalledPlugin;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginHost;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A plugin zip loaded by a private, real {@link PluginHost} — the same PF4J host, plugin-first
 * class loader and shared packages as the platform — from a temporary plugins directory.
 */
final class LoadedPlugin implements AutoCloseable {
    private final Path workDir;
    private final PluginHost host;
    private final String pluginId;
    private InstalledType type;

    private LoadedPlugin(Path workDir, PluginHost host, String pluginId, InstalledType type) {
        this.workDir = workDir;
        this.host = host;
        this.pluginId = pluginId;
        this.type = type;
    }

    /**
     * Loads {@code zip} and finds {@code typeId} in it ({@code null}: the zip's only type).
     *
     * @throws AssertionError when the zip does not load or does not provide the type, with what
     *                        the host logged about it
     */
    static LoadedPlugin load(Path zip, String typeId) {
        if (zip == null || !Files.isRegularFile(zip)) {
            throw new AssertionError("Plugin archive " + zip + " does not exist (run `mvn package` first?)");
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("plugin-testkit-");
            Path pluginsDir = Files.createDirectories(workDir.resolve("plugins"));
            Files.copy(zip, pluginsDir.resolve(zip.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a plugins directory for " + zip, e);
        }
        PluginHost host = new PluginHost(workDir.resolve("plugins"), Platform.VERSION);
        List<String> logged = captureHostLog(host::start);
        // a refused archive may still be listed, with a state other than STARTED
        List<InstalledPlugin> plugins = host.plugins();
        if (plugins.stream().noneMatch(p -> "STARTED".equals(p.state()))) {
            close(host, workDir);
            throw new AssertionError("The plugin host could not load " + zip.getFileName()
                    + (plugins.isEmpty() ? "" : " (" + plugins.stream().map(p -> p.id() + ": " + p.state()).toList() + ")")
                    + describe(logged));
        }
        List<InstalledType> types = host.types();
        InstalledType type = typeId == null && types.size() == 1 ? types.get(0)
                : types.stream().filter(t -> t.type().equals(typeId)).findFirst().orElse(null);
        if (type == null) {
            close(host, workDir);
            throw new AssertionError((typeId == null ? "Name the integration type to check with type(...)"
                    : "Plugin " + zip.getFileName() + " provides no integration type '" + typeId + "'")
                    + "; it provides " + types.stream().map(InstalledType::type).toList()
                    + " (an empty list usually means META-INF/extensions.idx is missing: PF4J must be an "
                    + "annotation processor of maven-compiler-plugin)" + describe(logged));
        }
        return new LoadedPlugin(workDir, host, type.pluginId(), type);
    }

    InstalledType type() {
        if (type == null) {
            throw new IllegalStateException("Plugin " + pluginId + " was unloaded");
        }
        return type;
    }

    String pluginId() {
        return pluginId;
    }

    PluginHost host() {
        return host;
    }

    /** Unloads the plugin from the host (as the platform does when the archive is removed). */
    void unload() {
        type = null;
        host.unload(pluginId);
    }

    @Override
    public void close() {
        type = null;
        close(host, workDir);
    }

    private static void close(PluginHost host, Path workDir) {
        host.close();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** Runs {@code action} and returns the warnings and errors the plugin host logged meanwhile. */
    private static List<String> captureHostLog(Runnable action) {
        if (!(LoggerFactory.getLogger("io.tributary.plugin.host") instanceof Logger logger)) {
            action.run();
            return List.of();
        }
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : " (" + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage() + ")"))
                .toList();
    }

    private static String describe(List<String> logged) {
        return logged.isEmpty() ? "" : "\nThe plugin host logged:\n  " + logged.stream().collect(Collectors.joining("\n  "));
    }
}
