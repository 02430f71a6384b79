package io.tributary.plugin.api.message;

import java.util.Objects;

/**
 * An MQTT 5 user property. A message may carry the same key more than once.
 *
 * @param key   property name
 * @param value property value
 * @since 0.1
 */
public record UserProperty(String key, String value) {
    public UserProperty {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
