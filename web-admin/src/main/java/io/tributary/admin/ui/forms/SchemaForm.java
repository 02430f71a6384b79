package io.tributary.admin.ui.forms;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A configuration form read from a plugin's JSON Schema (2020-12 with {@code x-} UI hints): the
 * schema is the only input, so any plugin's form renders without code in the admin. Fields are
 * ordered by {@code x-order} within their {@code x-group}; groups follow {@code x-groups}, and
 * fields of an unknown or missing group go to a trailing "Settings" group.
 */
public final class SchemaForm {
    private static final String DEFAULT_GROUP = "settings";
    private static final Set<String> WIDGETS = Set.of("text", "password", "number", "checkbox", "select", "list",
            "map");

    private final List<FormGroup> groups;
    private final Map<String, FormField> fields;

    private SchemaForm(List<FormGroup> groups, Map<String, FormField> fields) {
        this.groups = groups;
        this.fields = fields;
    }

    /** Reads the form from a JSON Schema object. */
    public static SchemaForm of(JsonNode schema) {
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(n -> required.add(n.asString()));
        List<FormField> all = new ArrayList<>();
        schema.path("properties").forEachEntry((name, p) -> all.add(field(name, p, required.contains(name))));
        all.sort(Comparator.comparingInt(FormField::order));

        Map<String, FormField> byName = new LinkedHashMap<>();
        all.forEach(f -> byName.put(f.name(), f));
        List<FormGroup> groups = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (JsonNode g : schema.path("x-groups")) {
            String id = g.path("id").asString();
            List<FormField> members = all.stream().filter(f -> id.equals(f.group())).toList();
            members.forEach(f -> placed.add(f.name()));
            if (!members.isEmpty()) {
                groups.add(new FormGroup(id, g.path("title").asString(id), g.path("advanced").asBoolean(false),
                        members));
            }
        }
        List<FormField> rest = all.stream().filter(f -> !placed.contains(f.name())).toList();
        if (!rest.isEmpty()) {
            groups.add(new FormGroup(DEFAULT_GROUP, "Settings", false, rest));
        }
        return new SchemaForm(List.copyOf(groups), byName);
    }

    private static FormField field(String name, JsonNode p, boolean required) {
        String widget = p.path("x-widget").asString(null);
        if (widget == null || !WIDGETS.contains(widget)) {
            widget = fallbackWidget(p); // a schema without (known) hints still renders
        }
        List<FormField.Option> options = new ArrayList<>();
        JsonNode labels = p.path("x-enum-labels");
        for (JsonNode v : p.path("enum")) {
            String value = v.asString();
            options.add(new FormField.Option(value, labels.path(value).asString(value)));
        }
        List<String> secretKeys = new ArrayList<>();
        p.path("x-secret-keys").forEach(k -> secretKeys.add(k.asString()));
        JsonNode when = p.path("x-visible-when");
        List<String> whenValues = null;
        if (when.isObject()) {
            whenValues = new ArrayList<>();
            for (JsonNode v : when.path("values")) {
                whenValues.add(v.asString());
            }
        }
        return new FormField(name, widget, p.path("title").asString(name), text(p, "description"),
                text(p, "x-placeholder"), required, p.path("x-group").asString(null), p.path("x-order").asInt(0),
                p.get("default"), number(p, "minimum"), number(p, "maximum"), List.copyOf(options),
                List.copyOf(secretKeys), when.isObject() ? when.path("field").asString() : null,
                whenValues == null ? null : List.copyOf(whenValues));
    }

    private static String fallbackWidget(JsonNode p) {
        if (p.path("x-secret").asBoolean(false) || p.path("writeOnly").asBoolean(false)) {
            return "password";
        }
        if (p.has("enum")) {
            return "select";
        }
        return switch (p.path("type").asString("string")) {
            case "integer", "number" -> "number";
            case "boolean" -> "checkbox";
            case "array" -> "list";
            case "object" -> "map";
            default -> "text";
        };
    }

    private static String text(JsonNode p, String key) {
        JsonNode n = p.get(key);
        return n == null || n.isNull() ? null : n.asString();
    }

    private static Long number(JsonNode p, String key) {
        JsonNode n = p.get(key);
        return n == null || !n.isNumber() ? null : n.longValue();
    }

    public List<FormGroup> groups() {
        return groups;
    }

    /** Every field, in display order. */
    public List<FormField> fields() {
        return groups.stream().flatMap(g -> g.fields().stream()).toList();
    }

    public Optional<FormField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }
}
