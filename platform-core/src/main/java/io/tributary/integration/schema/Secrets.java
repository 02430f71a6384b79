package io.tributary.integration.schema;

import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.Field;
import io.tributary.plugin.api.config.FieldType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Hides secrets for display, restores them when an update sends the mask back or omits them, and
 * encrypts them for storage.
 */
final class Secrets {
    private Secrets() {
    }

    static Map<String, Object> mask(ConfigSchema schema, Map<String, Object> values) {
        Map<String, Object> out = values == null ? new LinkedHashMap<>() : new LinkedHashMap<>(values);
        for (Field f : schema.fields()) {
            Object value = out.get(f.name());
            if (f.type() == FieldType.SECRET && isSet(value)) {
                out.put(f.name(), ConfigSchemas.MASK);
            } else if (f.type() == FieldType.STRING_MAP && value instanceof Map<?, ?> map) {
                Map<String, Object> masked = new LinkedHashMap<>();
                map.forEach((k, v) -> {
                    String key = String.valueOf(k);
                    masked.put(key, f.isSecretKey(key) && isSet(v) ? ConfigSchemas.MASK : v);
                });
                out.put(f.name(), masked);
            }
        }
        return out;
    }

    static Map<String, Object> keep(ConfigSchema schema, Map<String, Object> incoming, Map<String, Object> stored) {
        Map<String, Object> out = incoming == null ? new LinkedHashMap<>() : new LinkedHashMap<>(incoming);
        Map<String, Object> old = stored == null ? Map.of() : stored;
        for (Field f : schema.fields()) {
            Object value = out.get(f.name());
            if (f.type() == FieldType.SECRET && (value == null || ConfigSchemas.MASK.equals(value))) {
                Object previous = old.get(f.name());
                if (previous != null) {
                    out.put(f.name(), previous);
                } else {
                    out.remove(f.name()); // never store the mask itself
                }
            } else if (f.type() == FieldType.STRING_MAP && value instanceof Map<?, ?> map) {
                Map<?, ?> previous = old.get(f.name()) instanceof Map<?, ?> m ? m : Map.of();
                Map<String, Object> kept = new LinkedHashMap<>();
                map.forEach((k, v) -> {
                    String key = String.valueOf(k);
                    if (f.isSecretKey(key) && ConfigSchemas.MASK.equals(v)) {
                        if (previous.get(key) != null) {
                            kept.put(key, previous.get(key));
                        }
                    } else {
                        kept.put(key, v);
                    }
                });
                out.put(f.name(), kept);
            }
        }
        return out;
    }

    static Map<String, Object> seal(ConfigSchema schema, Map<String, Object> values, UnaryOperator<String> sealer) {
        Map<String, Object> out = values == null ? new LinkedHashMap<>() : new LinkedHashMap<>(values);
        for (Field f : schema.fields()) {
            Object value = out.get(f.name());
            if (f.type() == FieldType.SECRET && value instanceof String s && !s.isEmpty()) {
                out.put(f.name(), sealer.apply(s));
            } else if (f.type() == FieldType.STRING_MAP && value instanceof Map<?, ?> map) {
                Map<String, Object> sealed = new LinkedHashMap<>();
                map.forEach((k, v) -> {
                    String key = String.valueOf(k);
                    sealed.put(key, f.isSecretKey(key) && v instanceof String s && !s.isEmpty() ? sealer.apply(s) : v);
                });
                out.put(f.name(), sealed);
            }
        }
        return out;
    }

    private static boolean isSet(Object value) {
        return value != null && !(value instanceof String s && s.isEmpty());
    }
}
