package io.tributary.cluster;

import java.util.List;

/**
 * Where a node can be reached, as it advertises it.
 *
 * @param adminUrl       its admin UI and API ({@code http://host:port}), or {@code null} when off
 * @param mqttListeners  its MQTT listeners as URLs ({@code mqtt://host:1883}, {@code ws://host:8084/mqtt}, ...)
 */
public record NodeEndpoints(String adminUrl, List<String> mqttListeners) {
    /** Nothing bound yet. */
    public static final NodeEndpoints NONE = new NodeEndpoints(null, List.of());

    public NodeEndpoints {
        mqttListeners = List.copyOf(mqttListeners);
    }
}
