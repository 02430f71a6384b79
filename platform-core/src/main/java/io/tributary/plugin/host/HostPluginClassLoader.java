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

    /**
     * Package prefixes never loaded from the host: the broker's Netty is not part of the plugin
     * API. A plugin that brings its own Netty gets only its own; without this, a class its copy
     * lacks (the host's native epoll transport, say) would come from the host and clash with its
     * copy's base classes (ClassCastException between two {@code MultithreadEventLoopGroup}s).
     */
    static final List<String> HOST_ONLY_PACKAGES = List.of("io.netty.");

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (isHostOnly(className)) {
            synchronized (getClassLoadingLock(className)) {
                Class<?> loaded = findLoadedClass(className);
                return loaded != null ? loaded : findClass(className); // the plugin's own jars only
            }
        }
        return super.loadClass(className);
    }

    static boolean isHostOnly(String className) {
        for (String prefix : HOST_ONLY_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
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
