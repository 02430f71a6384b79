package io.tributary.integration.schema;

import io.tributary.plugin.api.config.Field;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns form-ish input into the Java type of a field before schema validation: {@code "42"} to
 * 42 for integers, {@code "on"} to true for booleans, {@code "a, b"} to a list. A value it cannot
 * convert is returned unchanged, so schema validation reports it with the field's type.
 */
final class ValueCoercion {
    /** Marker for "no value": null, or blank text (the default then applies). */
    static final Object ABSENT = new Object();

    /** A whole number beyond the range of {@code long}; reported without schema validation. */
    record OutOfRange(boolean tooLarge) {
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\n]");

    private ValueCoercion() {
    }

    /** The converted value, {@link #ABSENT}, or the input unchanged when it cannot be converted. */
    static Object coerce(Field field, Object raw) {
        if (raw == null || raw instanceof String s && s.isBlank()) {
            return ABSENT;
        }
        return switch (field.type()) {
            case STRING, SECRET -> scalarText(raw);
            case ENUM -> raw instanceof String s ? s.trim() : scalarText(raw);
            case INTEGER -> integer(raw);
            case BOOLEAN -> bool(raw);
            case STRING_LIST -> list(raw);
            case STRING_MAP -> map(raw);
        };
    }

    private static Object scalarText(Object raw) {
        return raw instanceof Number || raw instanceof Boolean ? raw.toString() : raw;
    }

    private static Object integer(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof String s && WHOLE_NUMBER.matcher(s.trim()).matches()) {
            return integer(new BigInteger(s.trim()));
        }
        if (raw instanceof BigInteger b) {
            return b.bitLength() < 64 ? b.longValue() : new OutOfRange(b.signum() > 0);
        }
        if ((raw instanceof Double || raw instanceof Float) && Double.isFinite(((Number) raw).doubleValue())) {
            return integer(BigDecimal.valueOf(((Number) raw).doubleValue()));
        }
        if (raw instanceof BigDecimal d) {
            try {
                return d.toBigIntegerExact().bitLength() < 64 ? d.longValueExact() : new OutOfRange(d.signum() > 0);
            } catch (ArithmeticException notWhole) {
                return raw;
            }
        }
        return raw;
    }

    private static Object bool(Object raw) {
        if (raw instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> true;
                case "false", "off", "no", "0" -> false;
                default -> raw;
            };
        }
        if (raw instanceof Number n && (n.longValue() == 0 || n.longValue() == 1) && n.doubleValue() == n.longValue()) {
            return n.longValue() == 1;
        }
        return raw;
    }

    private static Object list(Object raw) {
        if (raw instanceof String s) {
            List<String> items = new ArrayList<>();
            for (String part : LIST_SEPARATOR.split(s)) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
            return items;
        }
        Collection<?> items = raw instanceof Collection<?> c ? c : raw instanceof Object[] a ? Arrays.asList(a) : null;
        if (items == null) {
            return raw;
        }
        List<Object> out = new ArrayList<>(items.size());
        items.forEach(item -> out.add(scalarText(item)));
        return out;
    }

    private static Object map(Object raw) {
        if (!(raw instanceof Map<?, ?> m)) {
            return raw;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), scalarText(v)));
        return out;
    }
}
