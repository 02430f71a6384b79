package io.tributary.plugin.host;

/**
 * A call into a plugin failed: it threw, returned something unusable, or did not return in
 * time. The message names the plugin, the type and the call, e.g. {@code Plugin 'kafka-integration'
 * (type KAFKA): validate() failed: IllegalStateException: boom}; {@link #getCause()} is what the
 * plugin threw ({@code null} for a timeout or a bad return value).
 */
public final class PluginCallException extends RuntimeException {
    private final String pluginId;
    private final String type;
    private final String call;
    private final boolean timedOut;

    PluginCallException(InstalledType owner, String call, String problem, Throwable cause, boolean timedOut) {
        super("Plugin '" + owner.pluginId() + "' (type " + owner.type() + "): " + call + " " + problem, cause);
        this.pluginId = owner.pluginId();
        this.type = owner.type();
        this.call = call;
        this.timedOut = timedOut;
    }

    static PluginCallException threw(InstalledType owner, String call, Throwable cause) {
        return new PluginCallException(owner, call, "failed: " + describe(cause), cause, false);
    }

    static PluginCallException timedOut(InstalledType owner, String call, String within) {
        return new PluginCallException(owner, call, "did not return within " + within, null, true);
    }

    static PluginCallException invalid(InstalledType owner, String call, String problem) {
        return new PluginCallException(owner, call, problem, null, false);
    }

    /** PF4J id of the plugin that failed. */
    public String pluginId() {
        return pluginId;
    }

    /** Integration type id whose call failed. */
    public String type() {
        return type;
    }

    /** The call, e.g. {@code validate()}. */
    public String call() {
        return call;
    }

    /** True when the plugin did not return in time (it may still be running on its thread). */
    public boolean timedOut() {
        return timedOut;
    }

    /** What went wrong without naming the plugin, e.g. {@code validate() failed: IllegalStateException: boom}. */
    public String problem() {
        String message = getMessage();
        return message.substring(message.indexOf("): ") + 3);
    }

    /** {@code SimpleName: message} of a throwable, as operators see plugin errors. */
    public static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
