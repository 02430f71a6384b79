package io.tributary.mqtt;

import io.tributary.mqtt.config.MqttConfigSchema;
import io.tributary.mqtt.config.MqttSettings;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.Field;

import java.util.LinkedHashMap;
import java.util.Map;

/** Configurations as the platform hands them to the plugin: schema defaults applied, then overrides. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** @param keyValues alternating field names and values */
    public static Config config(Object... keyValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : MqttConfigSchema.schema().fields()) {
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

    /** {@link MqttSettings} of {@link #config}, with host {@code broker.example.com} unless given. */
    public static MqttSettings settings(Object... keyValues) {
        Object[] all = new Object[keyValues.length + 2];
        all[0] = MqttConfigSchema.HOST;
        all[1] = "broker.example.com";
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        return MqttSettings.from(config(all));
    }
}
