package io.tributary.admin.deadletters;

import io.tributary.integration.ValidationException;
import io.tributary.integration.deadletter.DeadLetterService;
import io.tributary.integration.deadletter.DeadLetterService.ReplayResult;
import io.tributary.plugin.api.config.FieldError;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which of an integration's dead letters an operator acts on: the ones listed by id, or all of
 * them. Read from a JSON body ({@code {"ids": [...]}} or {@code {"all": true}}) or from a form
 * (fields {@code ids}, repeated, and {@code all}); problems are field errors, all at once.
 *
 * @param all true for every dead letter of the integration
 * @param ids the ids chosen (without duplicates), empty when {@code all}
 */
public record DeadLetterSelection(boolean all, List<Long> ids) {
    /** Most ids one request may list; {@code all} has no limit. */
    public static final int MAX_IDS = 1000;

    /** Replays the selection into the integration's log, oldest first, until done or the log is full. */
    public ReplayResult replay(DeadLetterService deadLetters, String integrationId) {
        return all ? deadLetters.replayAll(integrationId) : deadLetters.replay(integrationId, ids);
    }

    /** Purges the selection; returns how many were removed. */
    public int purge(DeadLetterService deadLetters, String integrationId) {
        return all ? deadLetters.purgeAll(integrationId) : deadLetters.purge(integrationId, ids);
    }

    /** @throws ValidationException when the body selects nothing, both, or holds something that is no id */
    public static DeadLetterSelection fromJson(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode allNode = body.get("all");
        boolean all = false;
        if (present(allNode)) {
            if (allNode.isBoolean()) {
                all = allNode.booleanValue();
            } else {
                errors.add(new FieldError("all", "all must be true or false"));
            }
        }
        JsonNode idsNode = body.get("ids");
        List<Long> ids = new ArrayList<>();
        if (present(idsNode)) {
            if (!idsNode.isArray()) {
                errors.add(new FieldError("ids", "ids must be a list of dead letter ids"));
            } else {
                for (int i = 0; i < idsNode.size(); i++) {
                    JsonNode n = idsNode.get(i);
                    if (n.isIntegralNumber() && n.canConvertToLong() && n.longValue() > 0) {
                        ids.add(n.longValue());
                    } else {
                        errors.add(new FieldError("ids[" + i + "]", "a dead letter id is a positive whole number"));
                    }
                }
            }
        }
        return checked(all, present(idsNode), ids, errors);
    }

    /**
     * A form's selection: {@code all=true} wins over the checked boxes that are sent with it.
     *
     * @param ids the form's {@code ids} values (the checked boxes)
     * @param all the form's {@code all} value ({@code "true"} for every dead letter)
     * @throws ValidationException when nothing is selected or an id is not one
     */
    public static DeadLetterSelection fromForm(List<String> ids, String all) {
        if ("true".equalsIgnoreCase(all)) {
            return new DeadLetterSelection(true, List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        List<Long> parsed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                long id = Long.parseLong(ids.get(i).trim());
                if (id > 0) {
                    parsed.add(id);
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            errors.add(new FieldError("ids[" + i + "]", "a dead letter id is a positive whole number"));
        }
        if (ids.isEmpty()) {
            errors.add(new FieldError("ids", "select at least one dead letter"));
        }
        return checked(false, !ids.isEmpty(), parsed, errors);
    }

    private static DeadLetterSelection checked(boolean all, boolean idsGiven, List<Long> ids, List<FieldError> errors) {
        if (all && idsGiven) {
            errors.add(new FieldError("ids", "give either ids or all: true, not both"));
        } else if (!all && idsGiven && ids.isEmpty() && errors.isEmpty()) {
            errors.add(new FieldError("ids", "select at least one dead letter"));
        } else if (!all && !idsGiven && errors.isEmpty()) {
            errors.add(new FieldError("ids", "select dead letters by id (ids: [...]) or all of them (all: true)"));
        }
        if (ids.size() > MAX_IDS) {
            errors.add(new FieldError("ids", "at most " + MAX_IDS + " ids at once; use all: true for every one"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new DeadLetterSelection(all, all ? List.of() : List.copyOf(new LinkedHashSet<>(ids)));
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }
}
