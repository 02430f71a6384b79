package io.tributary.integration.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.UnknownKeywordFactory;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.Field;
import io.tributary.plugin.api.config.FieldError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns a plugin's {@link ConfigSchema} into JSON Schema 2020-12 with UI hints, validates
 * values against it (networknt), and masks or preserves secrets.
 */
public final class ConfigSchemas {
    /** What the API shows instead of a secret value. */
    public static final String MASK = "******";

    /** 2020-12 with our {@code x-} UI hints accepted as annotations (not "unknown keyword" warnings). */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            Dialect.builder(Dialects.getDraft202012())
                    .unknownKeywordFactory((keyword, context) -> keyword.startsWith("x-")
                            ? new AnnotationKeyword(keyword)
                            : UnknownKeywordFactory.getInstance().getKeyword(keyword, context))
                    .build());

    private ConfigSchemas() {
    }

    /** JSON Schema 2020-12 of the form, with {@code x-} UI hints (group, order, widget, secret...). */
    public static ObjectNode toJsonSchema(ConfigSchema schema) {
        return JsonSchemaWriter.write(schema);
    }

    /**
     * Coerces values (form strings to the field's type), applies defaults, and validates them
     * against the JSON Schema; returns every error at once.
     *
     * <p>Null or blank values count as absent, so the default applies (or {@code required}
     * fails). Unknown fields are errors. At most one error is reported per field path. On
     * success the config holds Long, Boolean, String, {@code List<String>} and
     * {@code Map<String, String>} values; on failure it holds the fields that passed (no error
     * on the field or inside it), so the plugin's own rules can still run on them.
     */
    public static SchemaValidation validate(ConfigSchema schema, Map<String, Object> values) {
        Map<String, Object> input = values == null ? Map.of() : values;
        List<FieldError> errors = new ArrayList<>();
        for (String key : input.keySet()) {
            if (schema.field(key).isEmpty()) {
                errors.add(new FieldError(key, "Unknown field '" + key + "'"));
            }
        }
        Map<String, Object> coerced = new LinkedHashMap<>();
        Set<String> reported = new HashSet<>();
        for (Field f : schema.fields()) {
            Object value = ValueCoercion.coerce(f, input.get(f.name()));
            if (value == ValueCoercion.ABSENT) {
                value = ValueCoercion.coerce(f, f.defaultValue());
            }
            if (value instanceof ValueCoercion.OutOfRange range) {
                errors.add(SchemaErrors.outOfRange(f, range.tooLarge()));
                reported.add(f.name());
            } else if (value != ValueCoercion.ABSENT) {
                coerced.put(f.name(), value);
            }
        }
        JsonNode instance = JsonSchemaWriter.toJson(coerced);
        for (Error error : compile(schema).validate(instance)) {
            FieldError fieldError = SchemaErrors.toFieldError(schema, error);
            if (reported.add(fieldError.field())) {
                errors.add(fieldError);
            }
        }
        if (!errors.isEmpty()) {
            Set<String> failed = new HashSet<>();
            errors.forEach(e -> failed.add(topLevel(e.field())));
            coerced.keySet().removeIf(failed::contains);
            return new SchemaValidation(new Config(typed(schema, coerced)), List.copyOf(errors));
        }
        return new SchemaValidation(new Config(typed(schema, coerced)), List.of());
    }

    /** The field an error path belongs to: {@code properties.x} and {@code tags[0]} belong to {@code properties} and {@code tags}. */
    private static String topLevel(String path) {
        if (path == null) {
            return "";
        }
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }

    /** Valid values in their Config types, read-only, in field order. */
    private static Map<String, Object> typed(ConfigSchema schema, Map<String, Object> valid) {
        Map<String, Object> out = new LinkedHashMap<>();
        valid.forEach((name, value) -> out.put(name, switch (schema.field(name).orElseThrow().type()) {
            case INTEGER -> ((Number) value).longValue();
            case STRING_LIST -> ((List<?>) value).stream().map(String::valueOf).toList();
            case STRING_MAP -> {
                Map<String, String> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
                yield Collections.unmodifiableMap(map);
            }
            default -> value;
        }));
        return out;
    }

    private static Schema compile(ConfigSchema schema) {
        return REGISTRY.getSchema(JsonSchemaWriter.write(schema));
    }

    /** A copy of {@code values} with every secret (SECRET fields, secret keys of maps) replaced by {@link #MASK}. */
    public static Map<String, Object> mask(ConfigSchema schema, Map<String, Object> values) {
        return Secrets.mask(schema, values);
    }

    /**
     * A copy of {@code values} with every secret (SECRET fields, secret keys of maps) replaced by
     * {@code sealer}'s result, e.g. its encryption for storage.
     */
    public static Map<String, Object> sealSecrets(ConfigSchema schema, Map<String, Object> values,
                                                  UnaryOperator<String> sealer) {
        return Secrets.seal(schema, values, sealer);
    }

    /**
     * A copy of {@code incoming} where each secret that is missing or equal to {@link #MASK}
     * takes the value from {@code stored} (an update that does not resend a secret keeps it).
     */
    public static Map<String, Object> keepSecrets(ConfigSchema schema, Map<String, Object> incoming,
                                                  Map<String, Object> stored) {
        return Secrets.keep(schema, incoming, stored);
    }
}
