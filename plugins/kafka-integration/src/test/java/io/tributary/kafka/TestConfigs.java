package io.tributary.kafka;

import io.tributary.kafka.config.KafkaConfigSchema;
import io.tributary.kafka.connectivity.WatchTiming;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.Field;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configurations as the platform hands them to the plugin (schema defaults applied, then
 * overrides), and the plugin as the unit tests run it (with the test kit's
 * {@code RunningIntegration.start(plugin(), config(...).asMap())}).
 */
public final class TestConfigs {
    /** Probes every second so tests see connectivity changes quickly. */
    public static final WatchTiming FAST =
            new WatchTiming(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(3));
    private TestConfigs() {
    }

    /** The KAFKA type with {@link #FAST} connectivity probes. */
    public static KafkaIntegrationPlugin plugin() {
        return new KafkaIntegrationPlugin(FAST);
    }

    /** {@link #config} as the map the REST API's {@code clientConfiguration} would carry. */
    public static Map<String, Object> values(Object... keyValues) {
        return config(keyValues).asMap();
    }

    /** @param keyValues alternating field names and values */
    public static Config config(Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : KafkaConfigSchema.schema().fields()) {
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
