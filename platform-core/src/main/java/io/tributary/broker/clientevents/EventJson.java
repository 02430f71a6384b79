package io.tributary.broker.clientevents;

import java.nio.charset.StandardCharsets;

/** Writes the small, flat JSON object of an event's payload; members in the order they are added. */
final class EventJson {
    private final StringBuilder out = new StringBuilder(192).append('{');

    EventJson string(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    EventJson number(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    /** A number, or {@code null} when {@code value} is negative (not applicable). */
    EventJson numberOrNull(String name, long value) {
        name(name);
        out.append(value < 0 ? "null" : Long.toString(value));
        return this;
    }

    EventJson bool(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    byte[] bytes() {
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private void name(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(name);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
