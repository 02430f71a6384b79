package io.tributary.plugin.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A configuration that passed schema validation, with defaults applied. Values have the Java
 * types listed on {@link FieldType}; secrets are in clear text here (only here).
 *
 * @since 0.1
 */
public final class Config {
    private final Map<String, Object> values;

    /** @param values field name → value, as described on {@link FieldType} */
    public Config(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values)));
    }

    /** All values, read-only. */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** Text of a STRING, SECRET or ENUM field; {@code null} when absent. */
    public String getString(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    /** Text, or {@code fallback} when absent or blank. */
    public String getString(String name, String fallback) {
        String v = getString(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public long getLong(String name, long fallback) {
        Object v = values.get(name);
        return v instanceof Number n ? n.longValue() : fallback;
    }

    public int getInt(String name, int fallback) {
        Object v = values.get(name);
        return v instanceof Number n ? Math.toIntExact(n.longValue()) : fallback;
    }

    public boolean getBoolean(String name, boolean fallback) {
        Object v = values.get(name);
        return v instanceof Boolean b ? b : fallback;
    }

    /** A STRING_LIST value; empty when absent. */
    @SuppressWarnings("unchecked")
    public List<String> getStringList(String name) {
        Object v = values.get(name);
        return v instanceof List<?> l ? List.copyOf((List<String>) l) : List.of();
    }

    /** A STRING_MAP value in insertion order; empty when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, String> getStringMap(String name) {
        Object v = values.get(name);
        return v instanceof Map<?, ?> m ? Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, String>) m))
                : Map.of();
    }

    @Override
    public String toString() {
        // values may hold secrets: never print them
        return "Config" + values.keySet();
    }
}
