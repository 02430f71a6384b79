package io.tributary.plugin.host;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

import java.util.List;

/**
 * Plugin-first class loader: a plugin's own classes and {@code lib/} jars win over the host's,
 * except for the packages the host must share — the plugin API (so extension instances are
 * instances of the host's interfaces) and SLF4J (a plugin's own copy would silence its logging
 * or fail with LinkageError). PF4J itself ({@code org.pf4j}) is always shared by PF4J.
 */
final class HostPluginClassLoader extends PluginClassLoader {
    /** Package prefixes always loaded from the host. */
    static final List<String> SHARED_PACKAGES = List.of("io.tributary.plugin.api.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    HostPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return super.shouldDelegateToParent(className) || isShared(className);
    }

    static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
