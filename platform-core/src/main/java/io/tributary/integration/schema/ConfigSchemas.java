package io.tributary.integration.schema;

import io.tributary.plugin.api.config.ConfigSchema;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Turns a plugin's {@link ConfigSchema} into JSON Schema 2020-12 with UI hints, validates
 * values against it (networknt), and masks or preserves secrets.
 */
public final class ConfigSchemas {
    /** What the API shows instead of a secret value. */
    public static final String MASK = "******";

    private ConfigSchemas() {
    }

    /** JSON Schema 2020-12 of the form, with {@code x-} UI hints (group, order, widget, secret...). */
    public static ObjectNode toJsonSchema(ConfigSchema schema) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Coerces values (form strings to the field's type), applies defaults, and validates them
     * against the JSON Schema; returns every error at once.
     */
    public static SchemaValidation validate(ConfigSchema schema, Map<String, Object> values) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** A copy of {@code values} with every secret (SECRET fields, secret keys of maps) replaced by {@link #MASK}. */
    public static Map<String, Object> mask(ConfigSchema schema, Map<String, Object> values) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * A copy of {@code incoming} where each secret that is missing or equal to {@link #MASK}
     * takes the value from {@code stored} (an update that does not resend a secret keeps it).
     */
    public static Map<String, Object> keepSecrets(ConfigSchema schema, Map<String, Object> incoming,
                                                  Map<String, Object> stored) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
