package io.tributary.admin;

import io.tributary.plugin.api.IntegrationPlugin;
import io.tributary.plugin.host.InstalledPlugin;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginCatalog;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An in-memory {@link PluginCatalog} until the PF4J host is wired into these tests. */
public final class FakeCatalog implements PluginCatalog {
    public static final String PLUGIN_ID = "test-plugin";

    private final Map<String, InstalledType> types = new LinkedHashMap<>();
    private final Map<String, IntegrationPlugin> plugins = new LinkedHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** A catalog with {@code plugin} installed. */
    public static FakeCatalog with(IntegrationPlugin plugin) {
        FakeCatalog catalog = new FakeCatalog();
        catalog.install(plugin);
        return catalog;
    }

    /** Installs {@code plugin} with its own (empty) class loader, and tells listeners. */
    public InstalledType install(IntegrationPlugin plugin) {
        ClassLoader loader = new URLClassLoader(PLUGIN_ID, new URL[0], getClass().getClassLoader());
        InstalledType t = InstalledType.of(plugin, PLUGIN_ID, "1.0.0", loader);
        synchronized (this) {
            types.put(t.type(), t);
            plugins.put(t.type(), plugin);
        }
        listeners.forEach(l -> l.accept(t.type()));
        return t;
    }

    /** A new catalog (no listeners) with the same types installed, as after a restart. */
    public FakeCatalog copy() {
        FakeCatalog copy = new FakeCatalog();
        List<IntegrationPlugin> installed;
        synchronized (this) {
            installed = new ArrayList<>(plugins.values());
        }
        installed.forEach(copy::install);
        return copy;
    }

    public void uninstall(String type) {
        synchronized (this) {
            types.remove(type);
            plugins.remove(type);
        }
        listeners.forEach(l -> l.accept(type));
    }

    @Override
    public synchronized Optional<InstalledType> type(String typeId) {
        return Optional.ofNullable(types.get(typeId));
    }

    @Override
    public synchronized List<InstalledType> types() {
        return new ArrayList<>(types.values());
    }

    @Override
    public synchronized List<InstalledPlugin> plugins() {
        return types.isEmpty() ? List.of() : List.of(new InstalledPlugin(PLUGIN_ID, "1.0.0", "STARTED",
                new ArrayList<>(types.keySet()), "plugins/test-plugin.zip"));
    }

    @Override
    public void onTypesChanged(Consumer<String> listener) {
        listeners.add(listener);
    }
}
