package io.tributary.integration.schema;

import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.EnumOption;
import io.tributary.plugin.api.config.Field;
import io.tributary.plugin.api.config.FieldType;
import io.tributary.plugin.api.config.Group;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link ConfigSchema} as JSON Schema 2020-12. Validation keywords carry the rules;
 * {@code x-} keywords carry what only the form needs (group, order, widget, secrecy, visibility).
 */
final class JsonSchemaWriter {
    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonSchemaWriter() {
    }

    static ObjectNode write(ConfigSchema schema) {
        ObjectNode root = NODES.objectNode();
        root.put("$schema", DIALECT);
        root.put("type", "object");
        root.put("additionalProperties", false);
        ArrayNode groups = root.putArray("x-groups");
        for (Group g : schema.groups()) {
            groups.addObject().put("id", g.id()).put("title", g.title()).put("advanced", g.advanced());
        }
        ObjectNode properties = root.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Field f : schema.fields()) {
            properties.set(f.name(), property(f));
            if (f.required()) {
                required.add(f.name());
            }
        }
        if (!required.isEmpty()) {
            root.set("required", required);
        }
        return root;
    }

    private static ObjectNode property(Field f) {
        ObjectNode p = NODES.objectNode();
        p.put("type", jsonType(f.type()));
        p.put("title", f.title() == null ? f.name() : f.title());
        if (f.description() != null) {
            p.put("description", f.description());
        }
        switch (f.type()) {
            case STRING, SECRET -> {
                if (f.pattern() != null) {
                    p.put("pattern", f.pattern());
                }
                if (f.required()) {
                    p.put("minLength", 1);
                }
                if (f.type() == FieldType.SECRET) {
                    p.put("writeOnly", true);
                    p.put("x-secret", true);
                }
            }
            case INTEGER -> {
                if (f.minimum() != null) {
                    p.put("minimum", f.minimum());
                }
                if (f.maximum() != null) {
                    p.put("maximum", f.maximum());
                }
            }
            case ENUM -> {
                ArrayNode values = p.putArray("enum");
                ObjectNode labels = NODES.objectNode();
                for (EnumOption o : f.options()) {
                    values.add(o.value());
                    labels.put(o.value(), o.label());
                }
                p.set("x-enum-labels", labels);
            }
            case STRING_LIST -> {
                ObjectNode items = p.putObject("items").put("type", "string");
                if (f.pattern() != null) {
                    items.put("pattern", f.pattern());
                }
                if (f.required()) {
                    p.put("minItems", 1);
                }
            }
            case STRING_MAP -> {
                ObjectNode values = p.putObject("additionalProperties").put("type", "string");
                if (f.pattern() != null) {
                    values.put("pattern", f.pattern());
                }
                if (f.required()) {
                    p.put("minProperties", 1);
                }
                if (!f.secretKeyPatterns().isEmpty()) {
                    ArrayNode keys = p.putArray("x-secret-keys");
                    f.secretKeyPatterns().forEach(keys::add);
                }
            }
            case BOOLEAN -> {
            }
        }
        if (f.defaultValue() != null) {
            p.set("default", toJson(f.defaultValue()));
        }
        p.put("x-group", f.group());
        p.put("x-order", f.order());
        p.put("x-widget", widget(f.type()));
        if (f.placeholder() != null) {
            p.put("x-placeholder", f.placeholder());
        }
        if (f.visibleWhen() != null) {
            ObjectNode when = p.putObject("x-visible-when").put("field", f.visibleWhen().field());
            ArrayNode values = when.putArray("values");
            f.visibleWhen().values().forEach(v -> values.add(toJson(v)));
        }
        return p;
    }

    static JsonNode toJson(Object value) {
        return MAPPER.valueToTree(value);
    }

    static String jsonType(FieldType type) {
        return switch (type) {
            case STRING, SECRET, ENUM -> "string";
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case STRING_LIST -> "array";
            case STRING_MAP -> "object";
        };
    }

    private static String widget(FieldType type) {
        return switch (type) {
            case STRING -> "text";
            case SECRET -> "password";
            case INTEGER -> "number";
            case BOOLEAN -> "checkbox";
            case ENUM -> "select";
            case STRING_LIST -> "list";
            case STRING_MAP -> "map";
        };
    }
}
