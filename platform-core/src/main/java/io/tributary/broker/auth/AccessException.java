package io.tributary.broker.auth;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A change to MQTT users or ACL rules was refused: bad input (with one error per field), an
 * unknown name or id, or a duplicate. Nothing was changed. Messages never contain a password.
 */
public final class AccessException extends RuntimeException {
    /** Why: maps to HTTP 400, 404 and 409. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    /** One bad field and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    private final Kind kind;
    private final transient List<FieldError> errors;

    private AccessException(Kind kind, String message, List<FieldError> errors) {
        super(message);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public static AccessException invalid(List<FieldError> errors) {
        return new AccessException(Kind.INVALID,
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
    }

    public static AccessException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static AccessException notFound(String message) {
        return new AccessException(Kind.NOT_FOUND, message, List.of());
    }

    public static AccessException conflict(String message) {
        return new AccessException(Kind.CONFLICT, message, List.of());
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
