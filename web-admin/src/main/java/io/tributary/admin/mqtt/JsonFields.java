package io.tributary.admin.mqtt;

import io.tributary.broker.auth.AccessException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the typed fields of a JSON request body, collecting one error per field whose JSON type
 * is wrong, so that a bad request gets every problem at once. Values are never echoed.
 */
final class JsonFields {
    private final JsonNode body;
    private final List<AccessException.FieldError> errors = new ArrayList<>();

    JsonFields(JsonNode body) {
        this.body = body;
    }

    /** A string, or {@code null} when absent or JSON null. */
    String text(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            errors.add(new AccessException.FieldError(field, "must be a string"));
            return null;
        }
        return n.asString();
    }

    /** A boolean, or {@code null} when absent or JSON null. */
    Boolean bool(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            errors.add(new AccessException.FieldError(field, "must be true or false"));
            return null;
        }
        return n.asBoolean();
    }

    /** A non-negative integer, or {@code null} when absent or JSON null. */
    Integer position(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > Integer.MAX_VALUE) {
            errors.add(new AccessException.FieldError(field, "must be a whole number, 0 or more"));
            return null;
        }
        return n.asInt();
    }

    /** A list of whole numbers, or {@code null} when absent. */
    List<Long> ids(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            errors.add(new AccessException.FieldError(field, "is required"));
            return null;
        }
        List<Long> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isIntegralNumber()) {
                    errors.add(new AccessException.FieldError(field, "must be a list of rule ids"));
                    return null;
                }
                out.add(e.asLong());
            }
            return out;
        }
        errors.add(new AccessException.FieldError(field, "must be a list of rule ids"));
        return null;
    }

    void require(String field, Object value) {
        if (value == null && errors.stream().noneMatch(e -> e.field().equals(field))) {
            errors.add(new AccessException.FieldError(field, "is required"));
        }
    }

    /** Throws the type errors found so far (400 with field errors). */
    void check() {
        if (!errors.isEmpty()) {
            throw AccessException.invalid(errors);
        }
    }
}
