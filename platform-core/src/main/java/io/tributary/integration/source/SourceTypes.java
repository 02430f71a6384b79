package io.tributary.integration.source;

import io.tributary.plugin.api.Direction;
import io.tributary.plugin.host.InstalledType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether an installed integration type publishes into the broker instead of receiving from it. */
public final class SourceTypes {
    private static final Logger log = LoggerFactory.getLogger(SourceTypes.class);

    private SourceTypes() {
    }

    /**
     * True when the type's plugin says it is a {@link Direction#SOURCE}. A plugin built for API 0.1
     * has no {@code direction()} of its own and gets the interface's default (sink); a plugin that
     * throws is treated as a sink (its integrations keep their topic filters).
     */
    public static boolean isSource(InstalledType type) {
        if (type == null) {
            return false;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(type.classLoader());
        try {
            return type.plugin().direction() == Direction.SOURCE;
        } catch (RuntimeException | LinkageError e) {
            log.warn("Plugin {} failed to say the direction of type {}: treated as a sink", type.pluginId(),
                    type.type(), e);
            return false;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
