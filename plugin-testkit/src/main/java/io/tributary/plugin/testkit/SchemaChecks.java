package io.tributary.plugin.testkit;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.integration.schema.ConfigSchemas;
import io.tributary.integration.schema.SchemaValidation;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.Field;
import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.host.InstalledType;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a type's configuration schema and validation with the platform's own code:
 * {@link ConfigSchemas} for the JSON Schema and schema validation, then the plugin's
 * {@code validate} — in that order, as on every save.
 */
final class SchemaChecks {
    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final SchemaRegistry NETWORKNT = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SchemaChecks() {
    }

    /** The generated schema is valid against the 2020-12 meta-schema, and its own values against it. */
    static void assertWellFormed(InstalledType type) {
        ConfigSchema schema = type.schema();
        ObjectNode json = ConfigSchemas.toJsonSchema(schema);
        List<String> problems = new ArrayList<>();
        Schema meta = NETWORKNT.getSchema(SchemaLocation.of(DIALECT));
        for (Error e : meta.validate(json)) {
            problems.add("not valid JSON Schema 2020-12: " + e);
        }
        for (Field f : schema.fields()) {
            checkField(f, json, problems);
        }
        try {
            ConfigSchemas.validate(schema, Map.of());
        } catch (RuntimeException e) {
            problems.add("the platform cannot validate against the schema: " + e);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(type.type() + ": the configuration schema is not well-formed:\n  - "
                    + String.join("\n  - ", problems) + "\nJSON Schema: " + json.toPrettyString());
        }
    }

    private static void checkField(Field f, ObjectNode json, List<String> problems) {
        if (f.pattern() != null) {
            try {
                Pattern.compile(f.pattern());
            } catch (PatternSyntaxException e) {
                problems.add("field '" + f.name() + "': pattern is not a regular expression: " + e.getDescription());
                return; // its default cannot be checked against a broken pattern
            }
        }
        if (f.minimum() != null && f.maximum() != null && f.minimum() > f.maximum()) {
            problems.add("field '" + f.name() + "': min " + f.minimum() + " is greater than max " + f.maximum());
        }
        JsonNode property = json.get("properties").get(f.name());
        if (property.has("default")) {
            for (String error : validateAgainst(property, property.get("default"))) {
                problems.add("field '" + f.name() + "': default " + property.get("default") + " is invalid: " + error);
            }
        }
        if (f.visibleWhen() != null) {
            JsonNode other = json.get("properties").get(f.visibleWhen().field());
            for (Object value : f.visibleWhen().values()) {
                for (String error : validateAgainst(other, JSON.valueToTree(value))) {
                    problems.add("field '" + f.name() + "': visible when '" + f.visibleWhen().field() + "' is "
                            + value + ", which that field can never be: " + error);
                }
            }
        }
    }

    /** Validates {@code value} against one property's schema on its own (UI hints removed). */
    private static List<String> validateAgainst(JsonNode property, JsonNode value) {
        ObjectNode standalone = (ObjectNode) property.deepCopy();
        standalone.properties().removeIf(e -> e.getKey().startsWith("x-"));
        standalone.put("$schema", DIALECT);
        return NETWORKNT.getSchema(standalone).validate(value).stream().map(Error::getMessage).toList();
    }

    /** Schema errors; when there are none, the plugin's {@code validate} errors (as the platform does). */
    static List<FieldError> validate(InstalledType type, Map<String, Object> values, Map<String, String> metadata,
                                     PluginCalls calls, Duration timeout) {
        SchemaValidation bySchema = ConfigSchemas.validate(type.schema(), values);
        if (!bySchema.ok()) {
            return bySchema.errors();
        }
        return pluginValidate(type, bySchema.config(), metadata, calls, timeout);
    }

    /** A valid configuration with defaults applied; fails listing every error otherwise. */
    static Config assertValid(InstalledType type, Map<String, Object> values, Map<String, String> metadata,
                              PluginCalls calls, Duration timeout) {
        SchemaValidation bySchema = ConfigSchemas.validate(type.schema(), values);
        List<FieldError> errors = bySchema.ok()
                ? pluginValidate(type, bySchema.config(), metadata, calls, timeout) : bySchema.errors();
        if (!errors.isEmpty()) {
            throw new AssertionError(type.type() + ": the configuration " + values.keySet() + " is not valid: " + errors);
        }
        return bySchema.config();
    }

    /** Fails unless validation reports errors on exactly {@code fields}. */
    static List<FieldError> assertInvalid(InstalledType type, Map<String, Object> values, Map<String, String> metadata,
                                          PluginCalls calls, Duration timeout, String... fields) {
        if (fields.length == 0) {
            throw new IllegalArgumentException("Name the fields expected to be invalid");
        }
        List<FieldError> errors = validate(type, values, metadata, calls, timeout);
        TreeSet<String> expected = new TreeSet<>(List.of(fields));
        TreeSet<String> actual = new TreeSet<>();
        errors.forEach(e -> actual.add(e.field()));
        if (errors.isEmpty()) {
            throw new AssertionFailedError(type.type() + ": expected errors on " + expected + " but " + values
                    + " was accepted", expected, actual);
        }
        if (!expected.equals(actual)) {
            throw new AssertionFailedError(type.type() + ": expected errors on " + expected + " for " + values
                    + " but got " + errors, expected, actual);
        }
        return errors;
    }

    private static List<FieldError> pluginValidate(InstalledType type, Config config, Map<String, String> metadata,
                                                   PluginCalls calls, Duration timeout) {
        try {
            return calls.call("validate()", timeout, () -> type.validate(config, metadata));
        } catch (AssertionError e) {
            throw new AssertionError(type.type() + ": " + e.getMessage() + " (validate must be fast and must not "
                    + "contact external systems)", e);
        } catch (Exception | LinkageError e) {
            throw new AssertionError(type.type() + ": validate() threw " + e + " (report problems with "
                    + "output.error(field, message) instead)", e);
        }
    }
}
