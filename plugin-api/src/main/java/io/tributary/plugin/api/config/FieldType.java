package io.tributary.plugin.api.config;

/**
 * Types a configuration field can have, and the Java type of its value in {@link Config}.
 *
 * @since 0.1
 */
public enum FieldType {
    /** Text; {@link String}. */
    STRING,
    /** Text that is never shown back (passwords, keys); {@link String}. */
    SECRET,
    /** Whole number, optionally bounded; {@link Long}. */
    INTEGER,
    /** {@link Boolean}. */
    BOOLEAN,
    /** One of fixed values with labels; {@link String}. */
    ENUM,
    /** Ordered list of text; {@code List<String>}. */
    STRING_LIST,
    /** Text keys to text values; {@code Map<String, String>} (insertion order kept). */
    STRING_MAP
}
