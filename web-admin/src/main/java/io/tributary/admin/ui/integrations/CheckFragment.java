package io.tributary.admin.ui.integrations;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.integration.check.ConnectionCheck;
import io.tributary.admin.plugins.IntegrationTypeView;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.forms.FormErrors;
import io.tributary.admin.ui.forms.FormField;
import io.tributary.admin.ui.forms.FormParams;
import io.tributary.admin.ui.forms.IntegrationForm;
import io.tributary.integration.ValidationException;
import io.tributary.plugin.host.PluginCatalog;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /integrations/check} (htmx, from the wizard and the edit page): reads the form as a
 * save would, runs the connection check, and answers the result panel plus every field's error
 * slot (htmx out-of-band swaps), so errors appear next to their fields without touching what the
 * user typed.
 */
public final class CheckFragment {
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final ConnectionCheck check;
    private final PluginCatalog catalog;
    private final Templates templates;

    public CheckFragment(ConnectionCheck check, PluginCatalog catalog, Templates templates) {
        this.check = check;
        this.catalog = catalog;
        this.templates = templates;
    }

    public void register(RoutesConfig routes) {
        routes.post("/integrations/check", this::check);
    }

    private void check(Context ctx) {
        FormParams p = FormParams.of(ctx);
        IntegrationTypeView type = catalog.type(p.one("type") == null ? "" : p.one("type"))
                .map(IntegrationTypeView::of).orElse(null);
        Map<String, Object> model = new HashMap<>();
        if (type == null) {
            model.put("result", null);
            model.put("recordJson", null);
            model.put("errors", FormErrors.none().add(FormErrors.FORM, "Choose an installed integration type first"));
            model.put("slots", Map.of());
            templates.html(ctx, "forms/check-result.jte", model);
            return;
        }
        String id = p.one("id") == null || p.one("id").isBlank() ? null : p.one("id");
        IntegrationForm form = IntegrationForm.submitted(p, type, id, Set.of());
        ConnectionCheck.Result result = null;
        FormErrors errors = form.errors();
        if (errors.isEmpty()) {
            try {
                result = check.run(form.definition(), new ConnectionCheck.Sample(p.one("sample.topic"),
                        p.one("sample.payload")));
            } catch (ValidationException e) {
                errors = FormErrors.of(e.errors());
            }
        }
        model.put("result", result);
        model.put("source", type.source()); // a source's sample is an external record becoming an MQTT message
        model.put("recordJson", result == null || result.sampleRecord() == null ? null
                : PRETTY.writeValueAsString(result.sampleRecord()));
        model.put("errors", errors);
        model.put("slots", slots(form, errors));
        templates.html(ctx, "forms/check-result.jte", model);
    }

    /** Every error slot of the form, with its message or empty (so fixed fields clear). */
    private static Map<String, String> slots(IntegrationForm form, FormErrors errors) {
        List<String> keys = new ArrayList<>(List.of("name", "description", "metadata", "topicFilters",
                FormErrors.CONFIGURATION));
        for (int i = 0; i < form.topicFilters().size(); i++) {
            keys.add("topicFilters[" + i + "]");
        }
        form.config().form().fields().stream().map(FormField::errorKey).forEach(keys::add);
        Map<String, String> slots = new LinkedHashMap<>();
        keys.forEach(k -> slots.put(FormErrors.elementId(k), errors.get(k) == null ? "" : errors.get(k)));
        return slots;
    }
}
