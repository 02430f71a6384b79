package io.tributary.admin.ui.forms;

import io.tributary.plugin.api.config.FieldError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation errors keyed by the form element they belong to. The service reports full paths
 * ({@code configuration.clientConfiguration.bootstrapServers}); the form shows each next to its
 * field ({@code cfg.bootstrapServers}), a topic filter's next to its row
 * ({@code topicFilters[1]}), and anything else at the top of the form ({@value #FORM}).
 */
public final class FormErrors {
    /** Key of errors that belong to no field. */
    public static final String FORM = "_form";
    /** Key of errors about the plugin configuration as a whole. */
    public static final String CONFIGURATION = "_configuration";
    private static final String CLIENT = "configuration.clientConfiguration";

    private final Map<String, String> messages = new LinkedHashMap<>();

    public static FormErrors none() {
        return new FormErrors();
    }

    /** The errors of a failed save or check, mapped to form keys. */
    public static FormErrors of(List<FieldError> errors) {
        FormErrors out = new FormErrors();
        errors.forEach(e -> out.add(keyOf(e.field()), e.message()));
        return out;
    }

    /** Form key of a service field path. */
    static String keyOf(String path) {
        if (path == null || path.isBlank()) {
            return FORM;
        }
        if (path.equals(CLIENT)) {
            return CONFIGURATION;
        }
        if (path.startsWith(CLIENT + ".")) {
            return "cfg." + firstSegment(path.substring(CLIENT.length() + 1));
        }
        if (path.startsWith("configuration.topicFilters")) {
            String rest = path.substring("configuration.".length());
            return rest.matches("topicFilters\\[\\d+]") ? rest : "topicFilters";
        }
        if (path.startsWith("configuration.metadata")) {
            return "metadata";
        }
        if (path.startsWith("additionalInfo")) {
            return "description";
        }
        return switch (path) {
            case "name", "type", "enabled" -> path;
            default -> FORM;
        };
    }

    private static String firstSegment(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }

    /** Adds a message (joined to any earlier one for the same key). */
    public FormErrors add(String key, String message) {
        messages.merge(key, message, (a, b) -> a + "; " + b);
        return this;
    }

    /** The message for {@code key}, or {@code null}. */
    public String get(String key) {
        return messages.get(key);
    }

    public boolean has(String key) {
        return messages.containsKey(key);
    }

    /** {@code "true"} when {@code key} has an error, for {@code aria-invalid}; else {@code null}. */
    public String invalid(String key) {
        return has(key) ? "true" : null;
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** True when some error starts with {@code prefix} (e.g. {@code "topicFilters"}, {@code "cfg."}). */
    public boolean any(String prefix) {
        return messages.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    public Map<String, String> all() {
        return Map.copyOf(messages);
    }

    /** Element id of the error slot of {@code key}: {@code err-} and the key with separators as dashes. */
    public static String elementId(String key) {
        return "err-" + key.replaceAll("[.\\[\\]]+", "-").replaceAll("-$", "");
    }
}
