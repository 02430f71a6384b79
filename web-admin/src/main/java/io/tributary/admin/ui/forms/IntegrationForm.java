package io.tributary.admin.ui.forms;

import io.tributary.admin.plugins.IntegrationTypeView;
import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import io.tributary.integration.IntegrationService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole integration form shared by the create wizard and the edit page: name, description,
 * enabled, topic filters, metadata, and the plugin's generated configuration form. Built from a
 * stored integration, from defaults, or from a submitted form (then {@link #definition()} is
 * what to save and {@link #errors()} holds problems only the form can detect).
 *
 * <p>Parameters: {@code name}, {@code description}, {@code enabled}, {@code topicFilters}
 * (repeated), {@code sendClientEvents}, {@code metadata.key}/{@code metadata.value} (repeated), {@code cfg.*}.
 */
public final class IntegrationForm {
    private final String id;
    private final IntegrationTypeView type;
    private final String name;
    private final String description;
    private final boolean enabled;
    private final List<String> topicFilters;
    private boolean sendClientEvents;
    private final Map<String, String> metadata;
    private final FormState config;
    private FormErrors errors;
    private final IntegrationDefinition definition;

    private IntegrationForm(String id, IntegrationTypeView type, String name, String description, boolean enabled,
                            List<String> topicFilters, Map<String, String> metadata, FormState config,
                            FormErrors errors, IntegrationDefinition definition) {
        this.id = id;
        this.type = type;
        this.name = name;
        this.description = description;
        this.enabled = enabled;
        this.topicFilters = topicFilters;
        this.metadata = metadata;
        this.config = config;
        this.errors = errors;
        this.definition = definition;
    }

    /** A new integration of {@code type}: defaults, the default topic filters, enabled. */
    public static IntegrationForm fresh(IntegrationTypeView type, String suggestedName) {
        return new IntegrationForm(null, type, suggestedName, "", true,
                new ArrayList<>(IntegrationService.DEFAULT_TOPIC_FILTERS), new LinkedHashMap<>(),
                FormState.defaults(SchemaForm.of(type.schema())), FormErrors.none(), null);
    }

    /** An existing integration as the service returns it (secrets masked). */
    public static IntegrationForm of(IntegrationDefinition d, IntegrationTypeView type) {
        Configuration c = d.configuration();
        return withClientEvents(c.sendClientEvents(), new IntegrationForm(d.id(), type, d.name(),
                d.additionalInfo() == null || d.additionalInfo().description() == null ? ""
                        : d.additionalInfo().description(),
                d.enabled(), c.topicFilters() == null ? List.of() : c.topicFilters(),
                c.metadata() == null ? Map.of() : c.metadata(),
                FormState.stored(SchemaForm.of(type.schema()), c.clientConfiguration()), FormErrors.none(), null));
    }

    private static IntegrationForm withClientEvents(boolean on, IntegrationForm form) {
        form.sendClientEvents = on;
        return form;
    }

    /**
     * A submitted form.
     *
     * @param id            the integration being edited, or {@code null} for a new one
     * @param storedSecrets secret fields with a stored value (edit), to say so again if the form comes back
     */
    public static IntegrationForm submitted(FormParams p, IntegrationTypeView type, String id,
                                            Set<String> storedSecrets) {
        SchemaForm schema = SchemaForm.of(type.schema());
        FormErrors errors = FormErrors.none();
        Map<String, Object> client = ConfigCoercion.coerce(schema, p, id != null, errors);
        // a source type publishes into the broker: it has no topic filters (the form shows none)
        List<String> filters = type.source() ? List.of()
                : p.all("topicFilters").stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String[] row : p.rows("metadata")) {
            if (!row[0].isBlank()) {
                metadata.put(row[0].trim(), row[1]);
            } else if (!row[1].isBlank()) {
                errors.add("metadata", "Each metadata row needs a key");
            }
        }
        String name = trim(p.one("name"));
        String description = trim(p.one("description"));
        boolean enabled = "true".equalsIgnoreCase(p.one("enabled"));
        boolean clientEvents = "true".equalsIgnoreCase(p.one("sendClientEvents"));
        IntegrationDefinition d = new IntegrationDefinition(id, name.isEmpty() ? null : name, type.type(), enabled,
                new Configuration(filters, client, metadata, clientEvents),
                new AdditionalInfo(description.isEmpty() ? null : description), 0);
        return withClientEvents(clientEvents, new IntegrationForm(id, type, name, description, enabled, filters,
                metadata, FormState.submitted(schema, p, storedSecrets), errors, d));
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    /** Adds the service's errors to the form's own. */
    public IntegrationForm withErrors(FormErrors more) {
        FormErrors merged = FormErrors.none();
        errors.all().forEach(merged::add);
        more.all().forEach(merged::add);
        this.errors = merged;
        return this;
    }

    /** What to save (only for a submitted form). */
    public IntegrationDefinition definition() {
        return definition;
    }

    public String id() {
        return id;
    }

    public boolean editing() {
        return id != null;
    }

    public IntegrationTypeView type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Topic filter rows (at least one row is shown). */
    public List<String> topicFilters() {
        return topicFilters.isEmpty() ? List.of("") : topicFilters;
    }

    /** Whether the integration also receives client lifecycle events. */
    public boolean sendClientEvents() {
        return sendClientEvents;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public FormState config() {
        return config;
    }

    public FormErrors errors() {
        return errors;
    }
}
