package io.tributary.plugin.host;

import io.tributary.plugin.api.message.IntegrationMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where the {@link TestPlugins test plugin} reports what happened, keyed by integration id.
 *
 * <p>The plugin's classes live only in its zip, but this class is on the test class path, which
 * is the parent of every plugin class loader: the plugin calls these static methods and the test
 * reads the same state. Only JDK and plugin-API objects are kept here, so holding them never
 * pins a plugin's class loader.
 */
public final class TestPluginProbe {
    private static final Map<String, Queue<IntegrationMessage>> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, Queue<String>> LIFECYCLE = new ConcurrentHashMap<>();
    private static final Map<String, String> MODES = new ConcurrentHashMap<>();
    private static final Map<String, Queue<Stalled>> STALLED = new ConcurrentHashMap<>();

    private record Stalled(IntegrationMessage message, CompletableFuture<Void> delivery) {
    }

    private TestPluginProbe() {
    }

    // ---- read by tests ----

    /** Messages the integration delivered successfully, in the order it delivered them. */
    public static List<IntegrationMessage> messages(String integrationId) {
        return List.copyOf(RECEIVED.getOrDefault(integrationId, new ConcurrentLinkedQueue<>()));
    }

    /** Messages delivered by every integration of every test plugin. */
    public static List<IntegrationMessage> allMessages() {
        List<IntegrationMessage> all = new ArrayList<>();
        RECEIVED.values().forEach(all::addAll);
        return all;
    }

    /**
     * Calls the integration saw, in order: {@code create}, {@code start}, {@code stop},
     * {@code process} attempts are not listed (see {@link #messages}). A call made without the
     * plugin's loader as thread context class loader adds {@code wrong-context-loader:<call>}.
     */
    public static List<String> lifecycle(String integrationId) {
        return List.copyOf(LIFECYCLE.getOrDefault(integrationId, new ConcurrentLinkedQueue<>()));
    }

    /** Messages currently held by {@code stall} mode. */
    public static int stalled(String integrationId) {
        return STALLED.getOrDefault(integrationId, new ConcurrentLinkedQueue<>()).size();
    }

    // ---- steered by tests ----

    /**
     * Overrides the configured {@code mode} of a running integration from the next call on. Leaving
     * {@code stall} delivers the held messages; leaving {@code block} releases blocked threads.
     */
    public static void setMode(String integrationId, String mode) {
        MODES.put(integrationId, mode);
        if (!"stall".equals(mode)) {
            releaseStalled(integrationId);
        }
    }

    /** Back to the configured mode (releases stalled messages). */
    public static void clearMode(String integrationId) {
        MODES.remove(integrationId);
        releaseStalled(integrationId);
    }

    /** Forgets everything recorded and every override. */
    public static void reset() {
        MODES.clear();
        STALLED.keySet().forEach(TestPluginProbe::releaseStalled);
        RECEIVED.clear();
        LIFECYCLE.clear();
        STALLED.clear();
    }

    // ---- called by the plugin ----

    /** The override set by {@link #setMode}, or {@code null}. */
    public static String modeOverride(String integrationId) {
        return MODES.get(integrationId);
    }

    public static void delivered(String integrationId, IntegrationMessage message) {
        RECEIVED.computeIfAbsent(integrationId, k -> new ConcurrentLinkedQueue<>()).add(message);
    }

    public static void lifecycle(String integrationId, String event) {
        LIFECYCLE.computeIfAbsent(integrationId, k -> new ConcurrentLinkedQueue<>()).add(event);
    }

    /** Holds a message until the mode leaves {@code stall}; then records it and completes. */
    public static CompletableFuture<Void> stall(String integrationId, IntegrationMessage message) {
        CompletableFuture<Void> delivery = new CompletableFuture<>();
        STALLED.computeIfAbsent(integrationId, k -> new ConcurrentLinkedQueue<>()).add(new Stalled(message, delivery));
        if (!"stall".equals(MODES.get(integrationId)) && MODES.containsKey(integrationId)) {
            releaseStalled(integrationId); // the mode changed while we were queueing
        }
        return delivery;
    }

    private static void releaseStalled(String integrationId) {
        Queue<Stalled> queue = STALLED.get(integrationId);
        if (queue == null) {
            return;
        }
        for (Stalled s; (s = queue.poll()) != null; ) {
            delivered(integrationId, s.message());
            s.delivery().complete(null);
        }
    }
}
