package io.tributary.http;

import io.tributary.http.config.HttpConfigSchema;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.Field;

import java.util.LinkedHashMap;
import java.util.Map;

/** Configurations as the platform hands them to the plugin: schema defaults applied, then overrides. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** {@link #config} as the map the REST API's {@code clientConfiguration} would carry. */
    public static Map<String, Object> values(Object... keyValues) {
        return config(keyValues).asMap();
    }

    /** @param keyValues alternating field names and values */
    public static Config config(Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : HttpConfigSchema.schema().fields()) {
            if (f.defaultValue() != null) {
                values.put(f.name(), f.defaultValue());
            }
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            values.put((String) keyValues[i], v instanceof Integer n ? Long.valueOf(n) : v);
        }
        return new Config(values);
    }
}
