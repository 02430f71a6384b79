package io.tributary.admin.ui.forms;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One property of a plugin's JSON Schema, as the form shows it. Read from the schema's standard
 * keywords ({@code type}, {@code title}, {@code description}, {@code default}, {@code enum},
 * {@code minimum}/{@code maximum}, {@code required}) and its {@code x-} UI hints.
 *
 * <p>Element ids are stable (tests and scripts rely on them): input {@code cfg-<name>}, error
 * {@code err-cfg-<name>}, help {@code help-cfg-<name>}, wrapper {@code field-cfg-<name>}; the
 * form parameter is {@code cfg.<name>} ({@code cfg.<name>.key}/{@code .value} rows for maps).
 *
 * @param widget one of text, password, number, checkbox, select, list, map
 */
public record FormField(String name, String widget, String title, String description, String placeholder,
                        boolean required, String group, int order, JsonNode defaultValue, Long minimum,
                        Long maximum, List<Option> options, List<String> secretKeyPatterns,
                        String visibleWhenField, List<String> visibleWhenValues) {

    /** A choice of a select: stored value and the label shown. */
    public record Option(String value, String label) {
    }

    /** Form parameter name. */
    public String param() {
        return "cfg." + name;
    }

    /** Key of this field's error in {@link FormErrors}. */
    public String errorKey() {
        return param();
    }

    public String id() {
        return "cfg-" + name;
    }

    public String errorId() {
        return FormErrors.elementId(errorKey());
    }

    public String helpId() {
        return "help-" + id();
    }

    /** The ids that describe the input (help and error), for {@code aria-describedby}. */
    public String describedBy() {
        return description == null ? errorId() : helpId() + " " + errorId();
    }

    public boolean secret() {
        return "password".equals(widget);
    }

    public boolean conditional() {
        return visibleWhenField != null;
    }

    /** Form parameter of the field this one depends on. */
    public String visibleWhenParam() {
        return visibleWhenField == null ? null : "cfg." + visibleWhenField;
    }

    /** The values that show this field, as a JSON array for the page script. */
    public String visibleWhenJson() {
        if (visibleWhenValues == null) {
            return null;
        }
        List<String> quoted = new ArrayList<>();
        visibleWhenValues.forEach(v -> quoted.add("\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return "[" + String.join(",", quoted) + "]";
    }

    /** The {@code x-secret-keys} globs as a JSON array (the page hides values of matching keys), or {@code null}. */
    public String secretKeysJson() {
        if (secretKeyPatterns.isEmpty()) {
            return null;
        }
        return "[" + String.join(",", secretKeyPatterns.stream().map(p -> "\"" + p.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"").toList()) + "]";
    }

    /** Whether a map key holds a secret ({@code x-secret-keys} globs, case-insensitive). */
    public boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String k = key.toLowerCase(Locale.ROOT);
        for (String glob : secretKeyPatterns) {
            String regex = ("\\Q" + glob.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q");
            if (k.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    /** The default as the widget shows it: text, or {@code null}. */
    public String defaultText() {
        return defaultValue == null || defaultValue.isNull() || defaultValue.isContainer() ? null
                : defaultValue.asString();
    }

    /** The default rows of a list widget. */
    public List<String> defaultItems() {
        List<String> out = new ArrayList<>();
        if (defaultValue != null && defaultValue.isArray()) {
            defaultValue.forEach(v -> out.add(v.asString()));
        }
        return out;
    }

    /** The default rows of a map widget. */
    public Map<String, String> defaultEntries() {
        Map<String, String> out = new LinkedHashMap<>();
        if (defaultValue != null && defaultValue.isObject()) {
            defaultValue.forEachEntry((k, v) -> out.put(k, v.asString()));
        }
        return out;
    }

    /** Label of a select value (the value itself when the schema has no label for it). */
    public String label(String value) {
        return options.stream().filter(o -> o.value().equals(value)).map(Option::label).findFirst().orElse(value);
    }
}
