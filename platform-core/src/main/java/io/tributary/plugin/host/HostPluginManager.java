package io.tributary.plugin.host;

import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFinder;
import org.pf4j.JarPluginLoader;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.RuntimeMode;

import java.nio.file.Path;

/**
 * PF4J manager of the host: loads expanded plugin directories and plugin jars with
 * {@link HostPluginClassLoader}, finds extensions only through {@code META-INF/extensions.idx},
 * and always runs in deployment mode (a stray {@code pf4j.mode} property must not change where
 * classes come from).
 */
final class HostPluginManager extends DefaultPluginManager {
    private static final ClassLoader HOST_LOADER = HostPluginManager.class.getClassLoader();

    HostPluginManager(Path workDir, String systemVersion) {
        super(workDir);
        setSystemVersion(systemVersion);
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                        return new HostPluginClassLoader(pluginManager, descriptor, HOST_LOADER);
                    }
                })
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor descriptor) {
                        return new HostPluginClassLoader(pluginManager, descriptor, HOST_LOADER);
                    }
                });
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        // the index written by PF4J's annotation processor; no service-file scanning of plugin libs
        LegacyExtensionFinder finder = new LegacyExtensionFinder(this);
        addPluginStateListener(finder);
        return finder;
    }
}
