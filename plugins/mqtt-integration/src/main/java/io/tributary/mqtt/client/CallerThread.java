package io.tributary.mqtt.client;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * Netty (inside the MQTT client) keeps a map of its thread-locals on every thread that calls into
 * it. On a platform thread that map, a class of this plugin, outlives the call and would keep the
 * plugin's class loader after the plugin is unloaded. Each entry point that ran client code on the
 * platform's thread ends with {@link #release()}.
 */
public final class CallerThread {
    private CallerThread() {
    }

    /** Drops Netty's thread-locals of the current (platform) thread; the next call makes new ones. */
    public static void release() {
        FastThreadLocal.removeAll();
    }
}
