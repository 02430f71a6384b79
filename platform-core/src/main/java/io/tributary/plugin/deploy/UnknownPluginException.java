package io.tributary.plugin.deploy;

/** No plugin with the given id is installed (loaded, disabled or refused). */
public final class UnknownPluginException extends RuntimeException {
    private final String pluginId;

    public UnknownPluginException(String pluginId) {
        super("plugin " + pluginId + " is not installed");
        this.pluginId = pluginId;
    }

    public String pluginId() {
        return pluginId;
    }
}
