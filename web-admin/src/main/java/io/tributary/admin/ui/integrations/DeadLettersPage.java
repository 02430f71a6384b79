package io.tributary.admin.ui.integrations;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.deadletters.DeadLetterSelection;
import io.tributary.admin.ui.Ui;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationService;
import io.tributary.integration.ValidationException;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.deadletter.DeadLetterService.ReplayResult;
import io.tributary.plugin.api.config.FieldError;

import java.util.stream.Collectors;

/**
 * What the Dead letters tab of an integration's page does: replay (one, the selected ones, all)
 * into the integration's log, and purge (the selected ones, all). Each answers with the tab again
 * and a notice saying what happened (replayed, remaining, log full).
 */
public final class DeadLettersPage {
    static final String TAB = "dead-letters";

    private final IntegrationService service;
    private final DeadLetterService deadLetters;

    public DeadLettersPage(IntegrationService service, DeadLetterService deadLetters) {
        this.service = service;
        this.deadLetters = deadLetters;
    }

    public void register(RoutesConfig routes) {
        routes.post("/integrations/{id}/dead-letters/replay", this::replay);
        routes.post("/integrations/{id}/dead-letters/purge", this::purge);
    }

    private void replay(Context ctx) {
        IntegrationDefinition d = service.get(ctx.pathParam("id"));
        DeadLetterSelection selection = selection(ctx, d);
        if (selection == null) {
            return;
        }
        ReplayResult r = selection.replay(deadLetters, d.id());
        back(ctx, d, replayNotice(r, d.enabled()));
    }

    private void purge(Context ctx) {
        IntegrationDefinition d = service.get(ctx.pathParam("id"));
        DeadLetterSelection selection = selection(ctx, d);
        if (selection == null) {
            return;
        }
        int purged = selection.purge(deadLetters, d.id());
        back(ctx, d, "Purged " + letters(purged) + ".");
    }

    /** The selection of the form, or {@code null} after sending the user back with the problem. */
    private static DeadLetterSelection selection(Context ctx, IntegrationDefinition d) {
        try {
            return DeadLetterSelection.fromForm(ctx.formParams("ids"), ctx.formParam("all"));
        } catch (ValidationException e) {
            back(ctx, d, e.errors().stream().map(FieldError::message).distinct()
                    .collect(Collectors.joining("; ", "Nothing done: ", ".")));
            return null;
        }
    }

    static String replayNotice(ReplayResult r, boolean enabled) {
        String remaining = r.remaining() + " remain" + (r.remaining() == 1 ? "s" : "");
        if (r.logFull()) {
            return "The integration's log is full: replay stopped after " + letters(r.replayed()) + "; " + remaining
                    + ". Replay the rest once it has drained.";
        }
        if (r.replayed() == 0) {
            return "Nothing replayed: the selected dead letters are gone (replayed or purged meanwhile); "
                    + remaining + ".";
        }
        return "Replayed " + letters(r.replayed()) + " into the integration's log; " + remaining + "."
                + (enabled ? "" : " The integration is disabled: they are delivered once it is enabled.");
    }

    private static String letters(long n) {
        return n + " dead letter" + (n == 1 ? "" : "s");
    }

    private static void back(Context ctx, IntegrationDefinition d, String notice) {
        Ui.redirect(ctx, "/integrations/" + d.id() + "?tab=" + TAB, notice);
    }
}
