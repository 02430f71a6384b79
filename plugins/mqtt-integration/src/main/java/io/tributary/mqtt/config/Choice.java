package io.tributary.mqtt.config;

/** An enumeration field's option: the value stored in the configuration and the label of the form. */
interface Choice {
    String value();

    String label();

    /** The constant stored as {@code value}; {@code fallback} when absent. */
    static <E extends Enum<E> & Choice> E from(Class<E> type, String value, E fallback, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.value().equals(value)) {
                return e;
            }
        }
        if (value == null || value.isBlank()) {
            return fallback;
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "'");
    }
}
