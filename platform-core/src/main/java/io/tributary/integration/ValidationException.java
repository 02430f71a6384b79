package io.tributary.integration;

import io.tributary.plugin.api.config.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An integration was rejected; carries every problem found, each with the full path of its
 * field (e.g. {@code configuration.clientConfiguration.bootstrapServers}). Nothing was saved.
 */
public final class ValidationException extends RuntimeException {
    private final transient List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    /** Every field error, in the order found. */
    public List<FieldError> errors() {
        return errors;
    }
}
