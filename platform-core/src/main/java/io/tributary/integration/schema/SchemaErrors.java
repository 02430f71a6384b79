package io.tributary.integration.schema;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.EnumOption;
import io.tributary.plugin.api.config.Field;
import io.tributary.plugin.api.config.FieldError;

import java.util.stream.Collectors;

/**
 * Maps a networknt validation error to a {@link FieldError}: the field name (with {@code .key}
 * for map entries and {@code [index]} for list items) and a sentence for the operator that names
 * the field by its title and states the rule from the field's declaration.
 */
final class SchemaErrors {
    private SchemaErrors() {
    }

    static FieldError toFieldError(ConfigSchema schema, Error error) {
        NodePath location = error.getInstanceLocation();
        String field = location.getNameCount() > 0 ? String.valueOf(location.getElement(0)) : error.getProperty();
        if (field == null) {
            return new FieldError("", error.getMessage());
        }
        StringBuilder path = new StringBuilder(field);
        for (int i = 1; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
        }
        Field f = schema.field(field).orElse(null);
        if (f == null) {
            return new FieldError(path.toString(), "Unknown field '" + field + "'");
        }
        boolean nested = location.getNameCount() > 1;
        String subject = title(f) + (nested ? subjectSuffix(location) : "");
        return new FieldError(path.toString(), subject + " " + predicate(f, error, nested));
    }

    /** For a whole number that does not even fit a long. */
    static FieldError outOfRange(Field f, boolean tooLarge) {
        String predicate;
        if (tooLarge) {
            predicate = f.maximum() != null ? "must be at most " + f.maximum() : "is too large";
        } else {
            predicate = f.minimum() != null ? "must be at least " + f.minimum() : "is too small";
        }
        return new FieldError(f.name(), title(f) + " " + predicate);
    }

    private static String subjectSuffix(NodePath location) {
        Object element = location.getElement(location.getNameCount() - 1);
        return element instanceof Integer index ? " item " + (index + 1) : " '" + element + "'";
    }

    private static String predicate(Field f, Error error, boolean nested) {
        return switch (error.getKeyword()) {
            case "required", "minLength" -> "is required";
            case "minItems" -> "needs at least one item";
            case "minProperties" -> "needs at least one entry";
            case "type" -> nested ? "must be text" : typeRule(f);
            case "minimum" -> "must be at least " + f.minimum();
            case "maximum" -> "must be at most " + f.maximum();
            case "pattern" -> "must match the pattern " + f.pattern();
            case "enum" -> "must be one of: "
                    + f.options().stream().map(EnumOption::value).collect(Collectors.joining(", "));
            default -> error.getMessage();
        };
    }

    private static String typeRule(Field f) {
        return switch (f.type()) {
            case STRING, SECRET, ENUM -> "must be text";
            case INTEGER -> "must be a whole number";
            case BOOLEAN -> "must be true or false";
            case STRING_LIST -> "must be a list of text";
            case STRING_MAP -> "must be an object with text values";
        };
    }

    private static String title(Field f) {
        return f.title() == null || f.title().isBlank() ? f.name() : f.title();
    }
}
