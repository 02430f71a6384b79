package io.tributary.admin.ui.forms;

import io.tributary.integration.schema.ConfigSchemas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns submitted form text into the JSON types of the schema (integer, boolean, array of
 * strings, object of strings), before the service validates it exactly as the API does. Blank
 * inputs are left out so the schema default applies (or {@code required} fails); a number that
 * is not one is passed on as text so validation reports it next to its field.
 *
 * <p>Secrets: a blank password is left out, which keeps the stored value on update; a blank
 * value of a secret map key is sent as the mask when editing, with the same effect.
 */
public final class ConfigCoercion {
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,18}");

    private ConfigCoercion() {
    }

    /**
     * The plugin configuration of the submitted form.
     *
     * @param editing whether an existing integration is edited (blank secrets keep stored values)
     * @param errors  receives problems only the form can have (a map row without a key)
     */
    public static Map<String, Object> coerce(SchemaForm form, FormParams params, boolean editing, FormErrors errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FormField f : form.fields()) {
            Object value = switch (f.widget()) {
                case "password" -> emptyToNull(params.one(f.param()));
                case "number" -> number(params.one(f.param()));
                case "checkbox" -> "true".equalsIgnoreCase(params.one(f.param()))
                        || "on".equalsIgnoreCase(params.one(f.param()));
                case "list" -> list(params.all(f.param()));
                case "map" -> map(f, params, editing, errors);
                default -> blankToNull(params.one(f.param()));
            };
            if (value != null) {
                out.put(f.name(), value);
            }
        }
        return out;
    }

    private static Object number(String raw) {
        String v = blankToNull(raw);
        if (v == null) {
            return null;
        }
        return WHOLE.matcher(v).matches() ? (Object) Long.parseLong(v) : v;
    }

    private static List<String> list(List<String> rows) {
        List<String> out = new ArrayList<>();
        rows.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static Map<String, String> map(FormField f, FormParams params, boolean editing, FormErrors errors) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] row : params.rows(f.param())) {
            String key = row[0].trim();
            String value = row[1];
            if (key.isEmpty()) {
                if (!value.isBlank()) {
                    errors.add(f.errorKey(), "Each row needs a key");
                }
                continue;
            }
            if (editing && value.isEmpty() && f.isSecretKey(key)) {
                value = ConfigSchemas.MASK; // left blank: keep the stored secret
            }
            out.put(key, value);
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
