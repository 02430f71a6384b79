package io.tributary.integration.commons.check;

import io.tributary.integration.commons.record.JsonValues;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pieces of a check answer's sample record as plain JSON values (the answer's values must be
 * plain Java): one header as {@code {key, value}}, and a value or body as
 * {@code {<format>: "json", <value>: the document}} or {@code {<format>: "base64", <value>: "..."}}.
 */
public final class SampleJson {
    private SampleJson() {
    }

    /** {@code {"key": key, "value": value}}, in that order. */
    public static Map<String, Object> header(String key, String value) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("key", key);
        header.put("value", value);
        return header;
    }

    /**
     * Puts {@code bytes} into {@code out}: under {@code valueKey} as the JSON document it holds
     * (and {@code formatKey: "json"}) when {@code json}, else as base64 ({@code formatKey: "base64"}).
     */
    public static void putContent(Map<String, Object> out, String formatKey, String valueKey, byte[] bytes,
                                  boolean json) {
        if (json) {
            out.put(formatKey, "json");
            out.put(valueKey, JsonValues.parse(bytes));
        } else {
            out.put(formatKey, "base64");
            out.put(valueKey, Base64.getEncoder().encodeToString(bytes));
        }
    }
}
