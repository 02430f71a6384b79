package io.tributary.admin.ui.integrations;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.plugins.IntegrationTypeView;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;
import io.tributary.admin.ui.forms.FormErrors;
import io.tributary.admin.ui.forms.FormParams;
import io.tributary.admin.ui.forms.FormState;
import io.tributary.admin.ui.forms.IntegrationForm;
import io.tributary.admin.ui.forms.SchemaForm;
import io.tributary.admin.ui.wizard.WizardPage;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.ValidationException;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.events.EventSink;
import io.tributary.integration.events.EventType;
import io.tributary.plugin.host.PluginCatalog;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An integration's page ({@code /integrations/{id}}): tabs Configuration (the same generated
 * form as the wizard, for editing), Lifecycle, Statistics (chart and table), Errors (paged,
 * newest first, time range) and Dead letters (paged, newest first; replay and purge are
 * {@link DeadLettersPage}'s).
 */
public final class DetailsPage {
    private final IntegrationService service;
    private final PluginCatalog catalog;
    private final EventSink events;
    private final DeadLetterService deadLetters;
    private final IntegrationsPage list;
    private final Templates templates;
    private final Ui ui;

    public DetailsPage(IntegrationService service, PluginCatalog catalog, EventSink events,
                       DeadLetterService deadLetters, IntegrationsPage list, Templates templates, Ui ui) {
        this.service = service;
        this.catalog = catalog;
        this.events = events;
        this.deadLetters = deadLetters;
        this.list = list;
        this.templates = templates;
        this.ui = ui;
    }

    public void register(RoutesConfig routes) {
        routes.get("/integrations/{id}", this::page);
        routes.post("/integrations/{id}", this::save);
    }

    private void page(Context ctx) {
        IntegrationDefinition d = service.get(ctx.pathParam("id"));
        String tab = ctx.queryParam("tab") == null ? "configuration" : ctx.queryParam("tab");
        IntegrationForm form = type(d).map(t -> IntegrationForm.of(d, t)).orElse(null);
        render(ctx, d, tab, form, 200);
    }

    private void save(Context ctx) {
        IntegrationDefinition d = service.get(ctx.pathParam("id"));
        IntegrationTypeView type = type(d).orElse(null);
        if (type == null) {
            Ui.redirect(ctx, "/integrations/" + d.id(), "Its plugin is not installed: the configuration cannot be edited.");
            return;
        }
        Set<String> stored = FormState.stored(SchemaForm.of(type.schema()), d.configuration().clientConfiguration())
                .storedSecrets();
        IntegrationForm form = IntegrationForm.submitted(FormParams.of(ctx), type, d.id(), stored);
        if (form.errors().isEmpty()) {
            try {
                service.update(d.id(), form.definition());
                Ui.redirect(ctx, "/integrations/" + d.id(), "Saved. The integration restarts with the new configuration.");
                return;
            } catch (ValidationException e) {
                form.withErrors(FormErrors.of(e.errors()));
            }
        } else {
            try {
                service.validate(form.definition());
            } catch (ValidationException e) {
                form.withErrors(FormErrors.of(e.errors()));
            }
        }
        render(ctx, d, "configuration", form, 400);
    }

    private java.util.Optional<IntegrationTypeView> type(IntegrationDefinition d) {
        return catalog.type(d.type()).map(IntegrationTypeView::of);
    }

    private void render(Context ctx, IntegrationDefinition d, String tab, IntegrationForm form, int status) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", ui.chrome(ctx, d.name(), "integrations"));
        model.put("row", list.row(d));
        model.put("tab", tab);
        model.put("form", form);
        model.put("sampleTopic", WizardPage.sampleTopic(form));
        EventsView view = null;
        String chart = null;
        EventType type = switch (tab) {
            case "lifecycle" -> EventType.LIFECYCLE;
            case "statistics" -> EventType.STATISTICS;
            case "errors" -> EventType.ERROR;
            default -> null;
        };
        if (type != null) {
            long now = System.currentTimeMillis();
            view = EventsView.load(events, d.id(), type, ctx.queryParam("range"), before(ctx), now);
            if (type == EventType.STATISTICS) {
                long from = EventsView.from(view.range(), now);
                chart = StatisticsChart.json(events, d.id(), from);
                // the x axis spans the chosen range, so one point does not fill the chart
                model.put("chartFrom", from == 0 ? d.createdTime() / 1000 : from / 1000);
                model.put("chartTo", now / 1000);
            }
        }
        model.putIfAbsent("chartFrom", 0L);
        model.putIfAbsent("chartTo", 0L);
        model.put("events", view);
        model.put("deadLetters", DeadLettersPage.TAB.equals(tab)
                ? DeadLettersView.load(deadLetters, d.id(), before(ctx)) : null);
        model.put("chart", chart);
        model.put("ranges", EventsView.RANGES);
        ctx.status(status);
        templates.html(ctx, "integrations/details.jte", model);
    }

    private static Long before(Context ctx) {
        String b = ctx.queryParam("before");
        try {
            return b == null || b.isBlank() ? null : Long.parseLong(b.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
