package io.tributary.plugin.api.config;

import java.util.Objects;

/**
 * One allowed value of an {@link FieldType#ENUM} field.
 *
 * @param value stored value
 * @param label text shown to the operator
 * @since 0.1
 */
public record EnumOption(String value, String label) {
    public EnumOption {
        Objects.requireNonNull(value, "value");
        label = label == null ? value : label;
    }
}
