package io.tributary.integration.commons.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in a JSON payload: {@code sensor.id}, {@code sensors[0].id},
 * {@code [2]} (of a payload that is an array). Field names are taken as written (case matters)
 * and cannot contain {@code .}, {@code [}, {@code ]}, {@code :} or <code>}</code>; indexes are
 * 0-based.
 *
 * @param text     the path as written after {@code payload}, e.g. {@code .sensor.id}
 * @param segments field names ({@link String}) and array indexes ({@link Integer}), outermost first
 */
record PayloadPath(String text, List<Object> segments) {
    PayloadPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses what follows {@code payload} in a placeholder: {@code .name}, {@code [N]}, repeated.
     *
     * @throws TemplateException with the reason when the path is malformed
     */
    static PayloadPath parse(String text) throws TemplateException {
        List<Object> segments = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '.') {
                int end = pos + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    if (text.charAt(end) == ']') {
                        throw new TemplateException("']' without '[' in ${payload" + text + "}");
                    }
                    end++;
                }
                if (end == pos + 1) {
                    throw new TemplateException("empty field name in ${payload" + text + "}");
                }
                segments.add(text.substring(pos + 1, end));
                pos = end;
            } else if (c == '[') {
                int close = text.indexOf(']', pos);
                String digits = close < 0 ? "" : text.substring(pos + 1, close);
                if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
                    throw new TemplateException("array index must be [0], [1], ... in ${payload" + text + "}");
                }
                segments.add(Integer.parseInt(digits));
                pos = close + 1;
            } else {
                throw new TemplateException("expected '.' or '[' after ${payload in ${payload" + text + "}");
            }
        }
        if (segments.isEmpty()) {
            throw new TemplateException("${payload} needs a field: ${payload.NAME}, e.g. ${payload.deviceId}");
        }
        return new PayloadPath(text, segments);
    }

    /** The path as operators write it after {@code payload.}: {@code sensor.id}, {@code sensors[0]}. */
    String display() {
        return text.startsWith(".") ? text.substring(1) : text;
    }

    /** A value for sample messages: the last field name ({@code id} for {@code sensor.id}). */
    String sampleValue() {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i) instanceof String name) {
                return name;
            }
        }
        return "0";
    }
}
