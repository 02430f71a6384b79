package io.tributary.integration.schema;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.FieldError;

import java.util.List;

/**
 * Result of validating plugin values against a schema.
 *
 * @param config coerced values with defaults applied; when not {@link #ok()}, only the fields
 *               that passed (for the plugin's own rules, so that every error is reported at once)
 * @param errors every problem found; field names relative to clientConfiguration
 */
public record SchemaValidation(Config config, List<FieldError> errors) {
    public boolean ok() {
        return errors.isEmpty();
    }
}
