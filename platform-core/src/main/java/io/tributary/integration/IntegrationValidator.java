package io.tributary.integration;

import io.tributary.broker.topic.Topics;
import io.tributary.integration.IntegrationDefinition.Configuration;
import io.tributary.integration.schema.ConfigSchemas;
import io.tributary.integration.schema.SchemaValidation;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.FieldError;
import io.tributary.plugin.host.InstalledType;
import io.tributary.plugin.host.PluginCallException;
import io.tributary.plugin.host.PluginCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The rules an integration must satisfy before it is saved. Collects every violation (with the
 * full field path) instead of stopping at the first, and returns the normalized definition:
 * default topic filters, de-duplicated filters, plugin values coerced with defaults applied.
 */
final class IntegrationValidator {
    static final int MAX_NAME_LENGTH = 255;
    static final String CLIENT_CONFIGURATION = "configuration.clientConfiguration";
    private static final Logger log = LoggerFactory.getLogger(IntegrationValidator.class);

    /** A definition that passed every rule, with its type and the plugin's validated config. */
    record Valid(IntegrationDefinition definition, InstalledType type, Config config) {
    }

    private final IntegrationStore repository;
    private final PluginCatalog catalog;
    /** Time a plugin's {@code validate} has to answer. */
    private volatile Duration timeout = IntegrationService.VALIDATION_TIMEOUT;

    IntegrationValidator(IntegrationStore repository, PluginCatalog catalog) {
        this.repository = repository;
        this.catalog = catalog;
    }

    void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Validates a new integration ({@code existing == null}) or an update of {@code existing}.
     * On update a missing type means "unchanged" and secrets not resent keep their stored value.
     *
     * @throws ValidationException with every problem found
     */
    Valid validate(IntegrationDefinition in, IntegrationDefinition existing) {
        List<FieldError> errors = new ArrayList<>();
        if (existing == null) {
            checkNewId(in.id(), errors);
        }
        checkName(in.name(), existing, errors);
        InstalledType type = checkType(in.type() == null && existing != null ? existing.type() : in.type(),
                existing, errors);

        Configuration c = in.configuration() == null ? new Configuration(null, null, null) : in.configuration();
        List<String> filters = (type != null && type.isSource()) ? checkNoTopicFilters(type, c.topicFilters(), errors)
                : checkTopicFilters(c.topicFilters(), errors);
        Map<String, String> metadata = c.metadata() == null ? Map.of() : new LinkedHashMap<>(c.metadata());
        Map<String, Object> client = c.clientConfiguration() == null ? Map.of() : c.clientConfiguration();

        Config config = null;
        if (type != null) {
            if (existing != null && existing.configuration() != null
                    && existing.configuration().clientConfiguration() != null) {
                client = ConfigSchemas.keepSecrets(type.schema(), client,
                        existing.configuration().clientConfiguration());
            }
            config = checkClientConfiguration(type, client, metadata, errors);
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Configuration normalized = new Configuration(filters, new LinkedHashMap<>(config.asMap()), metadata,
                c.sendClientEvents());
        IntegrationDefinition out = new IntegrationDefinition(in.id(), in.name(), type.type(), in.enabled(),
                normalized, in.additionalInfo(), in.createdTime());
        return new Valid(out, type, config);
    }

    /**
     * Validates plugin values against the type's schema, then the plugin's own rules, and reports
     * both at once: when some fields fail the schema, the plugin still validates the rest (the
     * config holds only the fields that passed, with defaults), and its errors on fields the
     * schema did not already reject are added. A plugin that fails on such a partial config is
     * not reported (its rules may need the missing fields); on a complete one it is, as an error
     * of the whole client configuration. Adds problems to {@code errors} (full paths) and returns
     * the config, or {@code null} when invalid.
     */
    Config checkClientConfiguration(InstalledType type, Map<String, Object> values, Map<String, String> metadata,
                                    List<FieldError> errors) {
        SchemaValidation schema = ConfigSchemas.validate(type.schema(), values);
        schema.errors().forEach(e -> errors.add(clientError(e.field(), e.message())));
        List<FieldError> pluginErrors = pluginValidate(type, schema.config(), metadata, !schema.ok());
        Set<String> rejected = new HashSet<>();
        schema.errors().forEach(e -> rejected.add(e.field()));
        pluginErrors.stream().filter(e -> !rejected.contains(e.field()))
                .forEach(e -> errors.add(clientError(e.field(), e.message())));
        return schema.ok() && pluginErrors.isEmpty() ? schema.config() : null;
    }

    private List<FieldError> pluginValidate(InstalledType type, Config config, Map<String, String> metadata,
                                            boolean partial) {
        try {
            return type.validate(config, metadata, timeout);
        } catch (PluginCallException e) {
            if (partial && !e.timedOut()) {
                log.debug("Plugin {} could not validate a partial configuration: {}", type.pluginId(), e.getMessage());
                return List.of();
            }
            // a broken or hanging plugin must not break the API: report it on the plugin's part of the form
            log.warn("{}", e.getMessage(), e.getCause());
            return List.of(new FieldError("", e.getMessage()));
        }
    }

    private static FieldError clientError(String field, String message) {
        String path = field == null || field.isBlank() ? CLIENT_CONFIGURATION : CLIENT_CONFIGURATION + "." + field;
        return new FieldError(path, message);
    }

    private void checkNewId(String id, List<FieldError> errors) {
        if (id == null) {
            return;
        }
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("id", "id must be a UUID"));
            return;
        }
        if (repository.findById(id).isPresent()) {
            errors.add(new FieldError("id", "an integration with id " + id + " already exists"));
        }
    }

    private void checkName(String name, IntegrationDefinition existing, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "name is required"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "name must be at most " + MAX_NAME_LENGTH + " characters"));
        } else {
            repository.findByName(name)
                    .filter(other -> existing == null || !other.id().equals(existing.id()))
                    .ifPresent(other -> errors.add(new FieldError("name",
                            "an integration named '" + name + "' already exists")));
        }
    }

    private InstalledType checkType(String typeId, IntegrationDefinition existing, List<FieldError> errors) {
        if (typeId == null || typeId.isBlank()) {
            errors.add(new FieldError("type", "type is required"));
            return null;
        }
        if (existing != null && !typeId.equals(existing.type())) {
            errors.add(new FieldError("type", "type cannot change after creation (it is " + existing.type() + ")"));
            return null;
        }
        InstalledType type = catalog.type(typeId).orElse(null);
        if (type == null) {
            errors.add(new FieldError("type", "integration type " + typeId + " is not installed"));
        }
        return type;
    }

    /** A source publishes into the broker and receives nothing: topic filters would mean nothing. */
    private static List<String> checkNoTopicFilters(InstalledType type, List<String> filters, List<FieldError> errors) {
        if (filters != null && filters.stream().anyMatch(f -> f != null && !f.isBlank())) {
            errors.add(new FieldError("configuration.topicFilters", "a " + type.displayName() + " integration "
                    + "publishes into the broker and receives no messages: leave topicFilters out or empty"));
        }
        return List.of();
    }

    private static List<String> checkTopicFilters(List<String> filters, List<FieldError> errors) {
        if (filters == null) {
            return IntegrationService.DEFAULT_TOPIC_FILTERS;
        }
        if (filters.isEmpty()) {
            errors.add(new FieldError("configuration.topicFilters", "at least one topic filter is required"));
        }
        for (int i = 0; i < filters.size(); i++) {
            Topics.ParsedFilter parsed = Topics.parseFilter(filters.get(i));
            String field = "configuration.topicFilters[" + i + "]";
            if (parsed == null) {
                errors.add(new FieldError(field, "'" + filters.get(i) + "' is not a valid MQTT topic filter"));
            } else if (parsed.shared()) {
                // integrations receive every matching message; a share group has no meaning for them
                errors.add(new FieldError(field, "shared subscriptions ($share/...) are not supported for integrations"));
            }
        }
        return filters.stream().filter(Objects::nonNull).distinct().toList();
    }
}
