package io.tributary.integration.schema;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.FieldError;

import java.util.List;

/**
 * Result of validating plugin values against a schema.
 *
 * @param config coerced values with defaults applied (meaningful only when {@link #ok()})
 * @param errors every problem found; field names relative to clientConfiguration
 */
public record SchemaValidation(Config config, List<FieldError> errors) {
    public boolean ok() {
        return errors.isEmpty();
    }
}
