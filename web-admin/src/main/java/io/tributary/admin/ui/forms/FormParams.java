package io.tributary.admin.ui.forms;

import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Submitted form parameters; repeated names (list and map rows) keep their order. */
public final class FormParams {
    private final Map<String, List<String>> params;

    public FormParams(Map<String, List<String>> params) {
        this.params = params;
    }

    public static FormParams of(Context ctx) {
        return new FormParams(ctx.formParamMap());
    }

    /** The last value of {@code name} (a checkbox after its hidden "false"), or {@code null}. */
    public String one(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        return params.getOrDefault(name, List.of());
    }

    /** Rows of a key/value widget whose inputs are {@code <name>.key} and {@code <name>.value}. */
    public List<String[]> rows(String name) {
        List<String> keys = all(name + ".key");
        List<String> values = all(name + ".value");
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(keys.size(), values.size()); i++) {
            rows.add(new String[]{i < keys.size() ? keys.get(i) : "", i < values.size() ? values.get(i) : ""});
        }
        return rows;
    }
}
