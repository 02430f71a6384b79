package io.tributary.plugin.host;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.host.PluginRejectedException.Reason;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads a plugin archive into a throwaway PF4J manager — the same class loader and extension
 * finder as the host — to prove its classes load and its integration types are usable, then
 * unloads it. The host's own plugins are not touched, so a bad archive changes nothing.
 */
final class PluginTrial {
    private PluginTrial() {
    }

    /**
     * Runs every check on {@code archive}.
     *
     * @return what the archive provides; its types are not yet compared with other plugins'
     * @throws PluginRejectedException with the first problem found
     */
    static PluginCandidate run(Path archive, String platformVersion) {
        String name = archive.getFileName().toString();
        ArchiveInspector.checkEntries(archive);
        Path workDir;
        try {
            workDir = Files.createTempDirectory("tributary-plugin-check-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory to check " + name, e);
        }
        HostPluginManager manager = new HostPluginManager(workDir, platformVersion);
        try {
            Path loadable;
            try {
                loadable = PluginArchives.unpack(archive, workDir);
            } catch (IOException e) {
                throw new PluginRejectedException(Reason.CORRUPT_ARCHIVE, name, "cannot be unpacked (" + e + ")", e);
            }
            ArchiveDescriptor descriptor = ArchiveInspector.describe(archive, loadable, platformVersion);
            String id = load(manager, loadable, name);
            PluginWrapper plugin = manager.getPlugin(id);
            List<String> types;
            try (LoaderSwap swap = LoaderSwap.to(plugin.getPluginClassLoader())) {
                types = types(manager, plugin, name);
            }
            return new PluginCandidate(descriptor.id(), descriptor.version(), types, archive);
        } catch (PluginRejectedException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new PluginRejectedException(Reason.CLASS_LOADING, name, "cannot be loaded: " + e, e);
        } finally {
            try {
                // unloadPlugins stops each plugin itself (stopPlugins can throw CME, pf4j #656)
                manager.unloadPlugins();
            } catch (RuntimeException e) {
                // the trial loader is discarded either way
            }
            PluginArchives.deleteTree(workDir);
        }
    }

    private static String load(HostPluginManager manager, Path loadable, String name) throws Exception {
        String id;
        try {
            id = manager.loadPlugin(loadable);
        } catch (RuntimeException e) {
            throw new PluginRejectedException(Reason.INVALID_DESCRIPTOR, name, "PF4J refused it: " + e.getMessage(), e);
        }
        PluginWrapper plugin = manager.getPlugin(id);
        PluginState state;
        try (LoaderSwap swap = LoaderSwap.to(plugin.getPluginClassLoader())) {
            state = manager.startPlugin(id);
        }
        if (state != PluginState.STARTED) {
            Throwable cause = plugin.getFailedException();
            throw new PluginRejectedException(Reason.CLASS_LOADING, name, "plugin class "
                    + plugin.getDescriptor().getPluginClass() + " did not start (" + state
                    + (cause == null ? "" : ": " + cause) + ")", cause);
        }
        return id;
    }

    /** Every extension class must load; every IntegrationPlugin must be created and declare a valid type. */
    private static List<String> types(HostPluginManager manager, PluginWrapper plugin, String name) throws Exception {
        String id = plugin.getPluginId();
        ClassLoader loader = plugin.getPluginClassLoader();
        int integrationClasses = 0;
        for (String className : manager.getExtensionClassNames(id)) {
            Class<?> type;
            try {
                type = Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PluginRejectedException(Reason.CLASS_LOADING, name,
                        "extension class " + className + " cannot be loaded: " + e, e);
            }
            if (IntegrationPlugin.class.isAssignableFrom(type)) {
                integrationClasses++;
            }
        }
        if (integrationClasses == 0) {
            throw new PluginRejectedException(Reason.NO_INTEGRATION_TYPE, name, "plugin '" + id
                    + "' has no IntegrationPlugin extension (is META-INF/extensions.idx missing? PF4J must be an "
                    + "annotation processor of the compiler)");
        }
        List<IntegrationPlugin> extensions = manager.getExtensions(IntegrationPlugin.class, id);
        if (extensions.size() < integrationClasses) {
            throw new PluginRejectedException(Reason.CLASS_LOADING, name, (integrationClasses - extensions.size())
                    + " IntegrationPlugin extension(s) of plugin '" + id
                    + "' could not be created (constructor failed; see the log)");
        }
        Set<String> types = new LinkedHashSet<>();
        List<String> order = new ArrayList<>();
        for (IntegrationPlugin extension : extensions) {
            InstalledType installed;
            try {
                installed = IntegrationTypeReader.read(extension, plugin);
            } catch (IllegalArgumentException e) {
                throw new PluginRejectedException(Reason.NO_INTEGRATION_TYPE, name, extension.getClass().getName()
                        + ": " + e.getMessage(), e);
            } catch (Exception | LinkageError e) {
                throw new PluginRejectedException(Reason.CLASS_LOADING, name, extension.getClass().getName()
                        + " failed while declaring its type: " + e, e);
            }
            if (!types.add(installed.type())) {
                throw new PluginRejectedException(Reason.DUPLICATE_TYPE, name,
                        "plugin '" + id + "' declares integration type '" + installed.type() + "' twice");
            }
            order.add(installed.type());
        }
        return order;
    }
}
