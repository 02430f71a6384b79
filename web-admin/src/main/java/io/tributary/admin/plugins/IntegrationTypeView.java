package io.tributary.admin.plugins;

import io.tributary.integration.schema.ConfigSchemas;
import io.tributary.plugin.host.InstalledType;
import tools.jackson.databind.node.ObjectNode;

/**
 * An installed integration type as the API ({@code GET /api/integration-types}) and the UI see it.
 *
 * @param schema JSON Schema 2020-12 of its configuration form, with {@code x-} UI hints
 */
public record IntegrationTypeView(String type, String displayName, String description, String version,
                                  String pluginId, ObjectNode schema) {
    public static IntegrationTypeView of(InstalledType t) {
        return new IntegrationTypeView(t.type(), t.displayName(), t.description(), t.version(), t.pluginId(),
                ConfigSchemas.toJsonSchema(t.schema()));
    }
}
