package io.tributary.plugin.api.config;

import java.util.List;
import java.util.Objects;

/**
 * One field of a {@link ConfigSchema}. Build it with {@link ConfigSchema.Builder}.
 *
 * @param name               JSON key of the value
 * @param type               value type
 * @param title              label shown in the form
 * @param description        help text (one line)
 * @param group              id of the group the field belongs to
 * @param order              position within its group (ascending)
 * @param required           a value must be present (and non-blank for text)
 * @param defaultValue       default, of the Java type of {@code type}, or {@code null}
 * @param placeholder        hint shown in an empty input, or {@code null}
 * @param minimum            lower bound for {@link FieldType#INTEGER}, or {@code null}
 * @param maximum            upper bound for {@link FieldType#INTEGER}, or {@code null}
 * @param pattern            regular expression text values must match, or {@code null}
 * @param options            allowed values of an {@link FieldType#ENUM}
 * @param visibleWhen        condition for showing the field, or {@code null} for always
 * @param secretKeyPatterns  for {@link FieldType#STRING_MAP}: keys whose values are secrets;
 *                           {@code *} matches any characters, matching ignores case
 * @since 0.1
 */
public record Field(String name, FieldType type, String title, String description, String group, int order,
                    boolean required, Object defaultValue, String placeholder, Long minimum, Long maximum,
                    String pattern, List<EnumOption> options, VisibleWhen visibleWhen,
                    List<String> secretKeyPatterns) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        options = options == null ? List.of() : List.copyOf(options);
        secretKeyPatterns = secretKeyPatterns == null ? List.of() : List.copyOf(secretKeyPatterns);
    }

    /** True when {@code key} of this map field holds a secret. */
    public boolean isSecretKey(String key) {
        String k = key.toLowerCase();
        for (String p : secretKeyPatterns) {
            String regex = ("\\Q" + p.toLowerCase() + "\\E").replace("*", "\\E.*\\Q");
            if (k.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Show the field only while another field has one of some values.
     *
     * @param field  name of the other field
     * @param values values of that field for which this one is visible
     * @since 0.1
     */
    public record VisibleWhen(String field, List<Object> values) {
        public VisibleWhen {
            Objects.requireNonNull(field, "field");
            values = List.copyOf(values);
        }
    }
}
