package io.tributary.admin.ui.forms;

import io.tributary.integration.schema.ConfigSchemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each widget of a configuration form shows: defaults for a new integration, the stored
 * (masked) values when editing, or what the user typed when the form comes back with errors.
 * Secrets are never shown: a password input is always empty, and says whether a value is stored.
 */
public final class FormState {
    /** One row of a map widget; {@code secret} rows show an empty password input. */
    public record Entry(String key, String value, boolean secret) {
    }

    private final SchemaForm form;
    private final Map<String, Object> values;
    private final Set<String> storedSecrets;
    private final Set<String> typedSecrets;

    private FormState(SchemaForm form, Map<String, Object> values, Set<String> storedSecrets,
                      Set<String> typedSecrets) {
        this.form = form;
        this.values = values;
        this.storedSecrets = storedSecrets;
        this.typedSecrets = typedSecrets;
    }

    /** A new integration: every field at its default. */
    public static FormState defaults(SchemaForm form) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FormField f : form.fields()) {
            switch (f.widget()) {
                case "list" -> values.put(f.name(), f.defaultItems());
                case "map" -> values.put(f.name(), f.defaultEntries());
                case "checkbox" -> values.put(f.name(), f.defaultValue() != null && f.defaultValue().asBoolean(false));
                default -> {
                    if (f.defaultText() != null && !f.secret()) {
                        values.put(f.name(), f.defaultText());
                    }
                }
            }
        }
        return new FormState(form, values, Set.of(), Set.of());
    }

    /** An existing integration: its configuration as the service returns it (secrets masked). */
    public static FormState stored(SchemaForm form, Map<String, Object> masked) {
        FormState state = defaults(form);
        Set<String> stored = new HashSet<>();
        Map<String, Object> safe = masked == null ? Map.of() : masked;
        for (FormField f : form.fields()) {
            Object v = safe.get(f.name());
            if (f.secret()) {
                if (v != null) {
                    stored.add(f.name());
                }
                state.values.remove(f.name());
            } else if (v != null) {
                state.values.put(f.name(), v);
            }
        }
        return new FormState(form, state.values, stored, Set.of());
    }

    /** The submitted form, to show again with its errors (typed secrets are not echoed). */
    public static FormState submitted(SchemaForm form, FormParams params, Set<String> storedSecrets) {
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> typed = new HashSet<>();
        for (FormField f : form.fields()) {
            switch (f.widget()) {
                case "password" -> {
                    String v = params.one(f.param());
                    if (v != null && !v.isEmpty()) {
                        typed.add(f.name());
                    }
                }
                case "list" -> values.put(f.name(), params.all(f.param()));
                case "map" -> {
                    Map<String, String> rows = new LinkedHashMap<>();
                    for (String[] row : params.rows(f.param())) {
                        if (!row[0].isBlank() || !row[1].isBlank()) {
                            rows.put(row[0], f.isSecretKey(row[0]) ? ConfigSchemas.MASK : row[1]);
                        }
                    }
                    values.put(f.name(), rows);
                }
                case "checkbox" -> values.put(f.name(), "true".equalsIgnoreCase(params.one(f.param())));
                default -> {
                    String v = params.one(f.param());
                    if (v != null) {
                        values.put(f.name(), v);
                    }
                }
            }
        }
        return new FormState(form, values, storedSecrets, typed);
    }

    public SchemaForm form() {
        return form;
    }

    /** Names of secret fields that have a stored value (kept when their input is left blank). */
    public Set<String> storedSecrets() {
        return storedSecrets;
    }

    /** The text a text, number or select widget shows ({@code ""} when none). */
    public String text(FormField f) {
        Object v = values.get(f.name());
        return v == null || f.secret() ? "" : String.valueOf(v);
    }

    public boolean checked(FormField f) {
        Object v = values.get(f.name());
        return v instanceof Boolean b ? b : v != null && "true".equalsIgnoreCase(String.valueOf(v));
    }

    public boolean selected(FormField f, String option) {
        return option.equals(text(f));
    }

    /** Rows of a list widget. */
    public List<String> items(FormField f) {
        List<String> out = new ArrayList<>();
        if (values.get(f.name()) instanceof List<?> list) {
            list.forEach(i -> out.add(String.valueOf(i)));
        }
        return out;
    }

    /** Rows of a map widget; masked or secret-key values are not shown. */
    public List<Entry> entries(FormField f) {
        List<Entry> out = new ArrayList<>();
        if (values.get(f.name()) instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                boolean secret = ConfigSchemas.MASK.equals(v) || f.isSecretKey(key);
                out.add(new Entry(key, secret ? "" : String.valueOf(v), secret));
            });
        }
        return out;
    }

    /** The placeholder of a password input: whether a value is kept, or must be typed again. */
    public String secretPlaceholder(FormField f) {
        if (typedSecrets.contains(f.name())) {
            return "Type it again: secrets are not sent back to the browser";
        }
        if (storedSecrets.contains(f.name())) {
            return "•••••• stored — leave blank to keep it";
        }
        return f.placeholder();
    }

    /** Whether the field's {@code x-visible-when} rule holds for the current values. */
    public boolean visible(FormField f) {
        if (!f.conditional()) {
            return true;
        }
        FormField controller = form.field(f.visibleWhenField()).orElse(null);
        if (controller == null) {
            return true;
        }
        String current = "checkbox".equals(controller.widget()) ? String.valueOf(checked(controller))
                : text(controller);
        return f.visibleWhenValues().contains(current);
    }
}
