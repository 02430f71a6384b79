package io.tributary.admin.integrations;

import io.tributary.admin.AdminJson;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import io.tributary.integration.ValidationException;
import io.tributary.plugin.api.config.FieldError;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an integration from a request body: the TBMQ export shape, read-only and unknown
 * properties ({@code status}, {@code statistics}, {@code disconnectedTime}...) ignored. Values
 * of the wrong JSON type are reported as field errors, all at once.
 *
 * @param definition   what was sent ({@code enabled} false when absent)
 * @param enabledGiven whether {@code enabled} was present
 */
public record IntegrationRequest(IntegrationDefinition definition, boolean enabledGiven) {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    public static IntegrationRequest parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String id = id(body.get("id"), errors);
        String name = text(body, "name", "name", errors);
        String type = text(body, "type", "type", errors);
        JsonNode enabled = body.get("enabled");
        if (present(enabled) && !enabled.isBoolean()) {
            errors.add(new FieldError("enabled", "enabled must be true or false"));
        }
        JsonNode created = body.get("createdTime");
        if (present(created) && !created.canConvertToLong()) {
            errors.add(new FieldError("createdTime", "createdTime must be epoch milliseconds"));
        }
        Configuration configuration = configuration(body.get("configuration"), errors);
        AdditionalInfo info = additionalInfo(body.get("additionalInfo"), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        boolean enabledGiven = present(enabled);
        IntegrationDefinition d = new IntegrationDefinition(id, name, type, enabledGiven && enabled.booleanValue(),
                configuration, info, present(created) ? created.longValue() : 0);
        return new IntegrationRequest(d, enabledGiven);
    }

    /** The definition with {@code enabled} set to {@code fallback} when the request did not say. */
    IntegrationDefinition enabledOr(boolean fallback) {
        IntegrationDefinition d = definition;
        return enabledGiven ? d : new IntegrationDefinition(d.id(), d.name(), d.type(), fallback,
                d.configuration(), d.additionalInfo(), d.createdTime());
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static String id(JsonNode node, List<FieldError> errors) {
        if (!present(node)) {
            return null;
        }
        // ThingsBoard wraps ids as {"entityType": ..., "id": ...}; TBMQ uses the bare UUID
        JsonNode value = node.isObject() ? node.get("id") : node;
        if (value == null || !value.isString()) {
            errors.add(new FieldError("id", "id must be a UUID string"));
            return null;
        }
        return value.stringValue();
    }

    private static String text(JsonNode parent, String property, String field, List<FieldError> errors) {
        JsonNode node = parent.get(property);
        if (!present(node)) {
            return null;
        }
        if (!node.isString()) {
            errors.add(new FieldError(field, field + " must be a string"));
            return null;
        }
        return node.stringValue();
    }

    private static Configuration configuration(JsonNode node, List<FieldError> errors) {
        if (!present(node)) {
            return new Configuration(null, null, null);
        }
        if (!node.isObject()) {
            errors.add(new FieldError("configuration", "configuration must be an object"));
            return null;
        }
        return new Configuration(topicFilters(node.get("topicFilters"), errors),
                clientConfiguration(node.get("clientConfiguration"), errors), metadata(node.get("metadata"), errors),
                sendClientEvents(node.get("sendClientEvents"), errors));
    }

    /** Absent (a TBMQ export has no such field): false. */
    private static boolean sendClientEvents(JsonNode node, List<FieldError> errors) {
        if (!present(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            errors.add(new FieldError("configuration.sendClientEvents", "sendClientEvents must be true or false"));
            return false;
        }
        return node.booleanValue();
    }

    private static List<String> topicFilters(JsonNode node, List<FieldError> errors) {
        if (!present(node)) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(new FieldError("configuration.topicFilters", "topicFilters must be a list of topic filters"));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode f = node.get(i);
            if (f.isString()) {
                out.add(f.stringValue());
            } else {
                errors.add(new FieldError("configuration.topicFilters[" + i + "]", "a topic filter must be a string"));
            }
        }
        return out;
    }

    private static Map<String, Object> clientConfiguration(JsonNode node, List<FieldError> errors) {
        if (!present(node)) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("configuration.clientConfiguration", "clientConfiguration must be an object"));
            return null;
        }
        return AdminJson.MAPPER.convertValue(node, MAP);
    }

    private static Map<String, String> metadata(JsonNode node, List<FieldError> errors) {
        if (!present(node)) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("configuration.metadata", "metadata must be an object of text values"));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.forEachEntry((key, value) -> {
            if (value.isNull()) {
                return;
            }
            if (value.isValueNode()) {
                out.put(key, value.asString());
            } else {
                errors.add(new FieldError("configuration.metadata." + key, "metadata values must be text"));
            }
        });
        return out;
    }

    private static AdditionalInfo additionalInfo(JsonNode node, List<FieldError> errors) {
        if (!present(node)) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("additionalInfo", "additionalInfo must be an object"));
            return null;
        }
        JsonNode description = node.get("description");
        return new AdditionalInfo(present(description) ? description.asString() : null);
    }
}
