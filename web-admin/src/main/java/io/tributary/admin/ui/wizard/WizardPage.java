package io.tributary.admin.ui.wizard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.plugins.IntegrationTypeView;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.admin.ui.forms.FormErrors;
import io.tributary.admin.ui.forms.FormParams;
import io.tributary.admin.ui.forms.IntegrationForm;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.ValidationException;
import io.tributary.plugin.host.PluginCatalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The create wizard ({@code /integrations/new}): 1) type, 2) topic filters (not for a source
 * type, which publishes into the broker), 3) the plugin's generated configuration form with
 * name, description, metadata and enabled. All steps live in
 * one form; the server validates each step and shows the next (hidden steps keep their inputs),
 * so it works without JavaScript and nothing is saved before "Add".
 */
public final class WizardPage {
    private final IntegrationService service;
    private final PluginCatalog catalog;
    private final Templates templates;
    private final Ui ui;

    public WizardPage(IntegrationService service, PluginCatalog catalog, Templates templates, Ui ui) {
        this.service = service;
        this.catalog = catalog;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/integrations/new", ctx -> {
            List<IntegrationTypeView> types = types();
            // a single installed type is the obvious choice
            String preselected = ctx.queryParam("type") != null ? ctx.queryParam("type")
                    : types.size() == 1 ? types.get(0).type() : null;
            render(ctx, 1, preselected, null, FormErrors.none(), 200);
        });
        routes.post("/integrations/new", this::submit);
    }

    private List<IntegrationTypeView> types() {
        return catalog.types().stream().map(IntegrationTypeView::of).toList();
    }

    private Optional<IntegrationTypeView> type(String id) {
        return id == null ? Optional.empty() : catalog.type(id).map(IntegrationTypeView::of);
    }

    private void submit(Context ctx) {
        FormParams p = FormParams.of(ctx);
        int step = step(p.one("step"));
        String action = p.one("action") == null ? "next" : p.one("action");
        IntegrationTypeView type = type(p.one("type")).orElse(null);
        if (type == null) {
            render(ctx, 1, null, null, FormErrors.none().add("type", "Choose an integration type"), 400);
            return;
        }
        // the configuration inputs on the page belong to the type they were rendered for
        IntegrationForm form = type.type().equals(p.one("formType"))
                ? IntegrationForm.submitted(p, type, null, Set.of())
                : IntegrationForm.fresh(type, suggestedName(type));
        if ("back".equals(action)) {
            // a source has no topic filter step: back from its configuration is the type
            int back = type.source() && step == 3 ? 1 : Math.max(1, step - 1);
            render(ctx, back, type.type(), form, FormErrors.none(), 200);
        } else if ("add".equals(action)) {
            add(ctx, type, form);
        } else if (step == 2) {
            FormErrors filterErrors = FormErrors.none();
            errorsOf(form).all().forEach((k, v) -> {
                if (k.startsWith("topicFilters")) {
                    filterErrors.add(k, v);
                }
            });
            form.withErrors(filterErrors);
            render(ctx, filterErrors.isEmpty() ? 3 : 2, type.type(), form, FormErrors.none(),
                    filterErrors.isEmpty() ? 200 : 400);
        } else {
            // a source publishes into the broker: no topic filters to choose, on to its configuration
            render(ctx, type.source() ? 3 : Math.min(3, step + 1), type.type(), form, FormErrors.none(), 200);
        }
    }

    private void add(Context ctx, IntegrationTypeView type, IntegrationForm form) {
        if (form.errors().isEmpty()) {
            try {
                service.create(form.definition());
                Ui.redirect(ctx, "/integrations", "Integration '" + form.definition().name() + "' created.");
                return;
            } catch (ValidationException e) {
                form.withErrors(FormErrors.of(e.errors()));
            }
        } else {
            form.withErrors(errorsOf(form)); // show every problem at once; nothing is saved
        }
        FormErrors errors = form.errors();
        int step = errors.has("type") ? 1 : errors.any("topicFilters") ? 2 : 3;
        render(ctx, step, type.type(), form, FormErrors.none(), 400);
    }

    /** The service's errors for the submitted form, without saving. */
    private FormErrors errorsOf(IntegrationForm form) {
        try {
            service.validate(form.definition());
            return FormErrors.none();
        } catch (ValidationException e) {
            return FormErrors.of(e.errors());
        }
    }

    private void render(Context ctx, int step, String selected, IntegrationForm form, FormErrors typeErrors,
                        int status) {
        IntegrationForm shown = form;
        if (shown == null && selected != null) {
            shown = type(selected).map(t -> IntegrationForm.fresh(t, suggestedName(t))).orElse(null);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", ui.chrome(ctx, "Add integration", "integrations"));
        model.put("step", shown == null ? 1 : step);
        model.put("types", types());
        model.put("selected", selected);
        model.put("form", shown);
        model.put("typeErrors", typeErrors);
        model.put("sampleTopic", sampleTopic(shown));
        ctx.status(status);
        templates.html(ctx, "wizard/wizard.jte", model);
    }

    /** "Kafka integration", or "Kafka integration 2" when taken: the seed's default name. */
    private String suggestedName(IntegrationTypeView type) {
        Set<String> taken = new java.util.HashSet<>();
        service.list().forEach(d -> taken.add(d.name()));
        String base = type.displayName() + " integration";
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + " " + i;
        }
        return name;
    }

    /** A topic that matches the first filter, for the sample message of "Check connection". */
    public static String sampleTopic(IntegrationForm form) {
        String filter = form == null || form.topicFilters().get(0).isBlank() ? "tbmq/#" : form.topicFilters().get(0);
        return filter.replace("#", "check").replace("+", "device-1");
    }

    private static int step(String raw) {
        try {
            return Math.max(1, Math.min(3, Integer.parseInt(raw == null ? "1" : raw.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
