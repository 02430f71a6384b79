package io.tributary.plugin.api.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The configuration form of an integration type, declared in Java. The platform turns it into
 * JSON Schema 2020-12 with UI hints ({@code x-} keywords), validates every save against it and
 * renders the admin form from it — a plugin needs no UI code.
 *
 * <pre>{@code
 * ConfigSchema.builder()
 *     .group("connection", "Connection")
 *     .string("url", f -> f.title("URL").required().placeholder("https://example.com/hook"))
 *     .integer("timeoutMs", f -> f.title("Timeout (ms)").defaultValue(5000L).min(1L).max(60000L))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class ConfigSchema {
    private final List<Group> groups;
    private final List<Field> fields;

    private ConfigSchema(List<Group> groups, List<Field> fields) {
        this.groups = List.copyOf(groups);
        this.fields = List.copyOf(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Groups in display order. */
    public List<Group> groups() {
        return groups;
    }

    /** Fields in declaration order. */
    public List<Field> fields() {
        return fields;
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Builds a {@link ConfigSchema}; fields go to the most recently declared group by default. */
    public static final class Builder {
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private String currentGroup = "general";

        private Builder() {
        }

        /** Declares a group; following fields belong to it unless they say otherwise. */
        public Builder group(String id, String title) {
            return group(id, title, false);
        }

        /** Declares a group shown collapsed ("advanced"). */
        public Builder advancedGroup(String id, String title) {
            return group(id, title, true);
        }

        private Builder group(String id, String title, boolean advanced) {
            groups.put(id, new Group(id, title, advanced));
            currentGroup = id;
            return this;
        }

        public Builder string(String name, Consumer<FieldBuilder> spec) {
            return add(name, FieldType.STRING, spec);
        }

        public Builder secret(String name, Consumer<FieldBuilder> spec) {
            return add(name, FieldType.SECRET, spec);
        }

        public Builder integer(String name, Consumer<FieldBuilder> spec) {
            return add(name, FieldType.INTEGER, spec);
        }

        public Builder bool(String name, Consumer<FieldBuilder> spec) {
            return add(name, FieldType.BOOLEAN, spec);
        }

        public Builder enumeration(String name, Consumer<FieldBuilder> spec) {
            return add(name, FieldType.ENUM, spec);
        }

        public Builder stringList(String name, Consumer<FieldBuilder> spec) {
            return add(name, FieldType.STRING_LIST, spec);
        }

        public Builder stringMap(String name, Consumer<FieldBuilder> spec) {
            return add(name, FieldType.STRING_MAP, spec);
        }

        private Builder add(String name, FieldType type, Consumer<FieldBuilder> spec) {
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("Field '" + name + "' is declared twice");
            }
            if (!groups.containsKey(currentGroup)) {
                groups.put(currentGroup, new Group(currentGroup, "General", false));
            }
            FieldBuilder b = new FieldBuilder(name, type, currentGroup, fields.size());
            spec.accept(b);
            fields.put(name, b.build());
            return this;
        }

        public ConfigSchema build() {
            for (Field f : fields.values()) {
                if (!groups.containsKey(f.group())) {
                    throw new IllegalArgumentException("Field '" + f.name() + "' names unknown group '" + f.group() + "'");
                }
                if (f.visibleWhen() != null && !fields.containsKey(f.visibleWhen().field())) {
                    throw new IllegalArgumentException("Field '" + f.name() + "' is visible when unknown field '"
                            + f.visibleWhen().field() + "' matches");
                }
                if (f.type() == FieldType.ENUM && f.options().isEmpty()) {
                    throw new IllegalArgumentException("Enum field '" + f.name() + "' has no options");
                }
            }
            return new ConfigSchema(new ArrayList<>(groups.values()), new ArrayList<>(fields.values()));
        }
    }

    /** Properties of one field; every setter is optional. */
    public static final class FieldBuilder {
        private final String name;
        private final FieldType type;
        private String title;
        private String description;
        private String group;
        private int order;
        private boolean required;
        private Object defaultValue;
        private String placeholder;
        private Long min;
        private Long max;
        private String pattern;
        private final List<EnumOption> options = new ArrayList<>();
        private Field.VisibleWhen visibleWhen;
        private final List<String> secretKeys = new ArrayList<>();

        private FieldBuilder(String name, FieldType type, String group, int order) {
            this.name = name;
            this.type = type;
            this.group = group;
            this.order = order;
            this.title = name;
        }

        public FieldBuilder title(String title) {
            this.title = title;
            return this;
        }

        public FieldBuilder description(String description) {
            this.description = description;
            return this;
        }

        public FieldBuilder group(String group) {
            this.group = group;
            return this;
        }

        public FieldBuilder order(int order) {
            this.order = order;
            return this;
        }

        public FieldBuilder required() {
            this.required = true;
            return this;
        }

        /** Default value: String, Long (or Integer), Boolean, List of String or Map of String to String. */
        public FieldBuilder defaultValue(Object value) {
            this.defaultValue = value instanceof Integer i ? Long.valueOf(i) : value;
            return this;
        }

        public FieldBuilder placeholder(String placeholder) {
            this.placeholder = placeholder;
            return this;
        }

        public FieldBuilder min(long min) {
            this.min = min;
            return this;
        }

        public FieldBuilder max(long max) {
            this.max = max;
            return this;
        }

        /** Regular expression (ECMA 262 subset shared by Java and JSON Schema) text must match. */
        public FieldBuilder pattern(String regex) {
            this.pattern = regex;
            return this;
        }

        public FieldBuilder option(String value, String label) {
            options.add(new EnumOption(value, label));
            return this;
        }

        /** Visible only while {@code field} has one of {@code values}. */
        public FieldBuilder visibleWhen(String field, Object... values) {
            this.visibleWhen = new Field.VisibleWhen(field, Arrays.asList(values));
            return this;
        }

        /** For map fields: keys matching these patterns ({@code *} wildcard) hold secrets. */
        public FieldBuilder secretKeys(String... patterns) {
            secretKeys.addAll(Arrays.asList(patterns));
            return this;
        }

        Field build() {
            return new Field(name, type, title, description, group, order, required, defaultValue, placeholder,
                    min, max, pattern, options, visibleWhen, secretKeys);
        }
    }
}
