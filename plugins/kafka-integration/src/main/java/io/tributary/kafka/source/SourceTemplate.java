package io.tributary.kafka.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A text with placeholders about a Kafka record: {@code ${kafka.topic}}, {@code ${kafka.key}},
 * {@code ${kafka.partition}}, {@code ${kafka.offset}}, {@code ${kafka.timestamp}},
 * {@code ${kafka.header.NAME}}, {@code ${payload.PATH}} (a field of the JSON value),
 * {@code ${integrationName}} and {@code ${metadata.NAME}}; {@code ${name:default}} gives the text
 * used when the value is missing. Parsed once; rendering is thread-safe. Kept apart from the
 * MQTT-side templates of integration-commons: these variables describe a Kafka record, not an
 * MQTT message.
 */
public final class SourceTemplate {
    public static final String KNOWN = "${kafka.topic}, ${kafka.key}, ${kafka.partition}, ${kafka.offset}, "
            + "${kafka.timestamp}, ${kafka.header.NAME}, ${payload.FIELD}, ${integrationName}, ${metadata.NAME}";

    private interface Part {
        void append(RecordView record, StringBuilder out);
    }

    private final String source;
    private final List<Part> parts;
    private final boolean constant;

    private SourceTemplate(String source, List<Part> parts, boolean constant) {
        this.source = source;
        this.parts = parts;
        this.constant = constant;
    }

    /**
     * @throws IllegalArgumentException naming the problem: an unclosed or empty placeholder, an
     *                                  unknown variable, or a metadata key the integration lacks
     */
    public static SourceTemplate compile(String text, String integrationName, Map<String, String> metadata) {
        String s = text == null ? "" : text;
        List<Part> parts = new ArrayList<>();
        boolean constant = true;
        int i = 0;
        while (i < s.length()) {
            int start = s.indexOf("${", i);
            if (start < 0) {
                String literal = s.substring(i);
                parts.add((r, out) -> out.append(literal));
                break;
            }
            if (start > i) {
                String literal = s.substring(i, start);
                parts.add((r, out) -> out.append(literal));
            }
            int end = s.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("'${' at position " + start + " is not closed with '}'");
            }
            String body = s.substring(start + 2, end);
            int colon = body.indexOf(':');
            String name = (colon < 0 ? body : body.substring(0, colon)).trim();
            String fallback = colon < 0 ? null : body.substring(colon + 1);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty placeholder '${}' at position " + start);
            }
            Part p = variable(name, fallback, integrationName, metadata);
            if (!(name.equals("integrationName") || name.startsWith("metadata."))) {
                constant = false;
            }
            parts.add(p);
            i = end + 1;
        }
        return new SourceTemplate(s, List.copyOf(parts), constant);
    }

    private static Part variable(String name, String fallback, String integrationName, Map<String, String> metadata) {
        switch (name) {
            case "kafka.topic":
                return (r, out) -> out.append(r.topic());
            case "kafka.partition":
                return (r, out) -> out.append(r.partition());
            case "kafka.offset":
                return (r, out) -> out.append(r.offset());
            case "kafka.timestamp":
                return (r, out) -> out.append(r.timestamp());
            case "kafka.key":
                return (r, out) -> out.append(orDefault(r.key(), fallback, "the record has no key"));
            case "integrationName":
                String n = integrationName == null ? "" : integrationName;
                return (r, out) -> out.append(n);
            default:
                break;
        }
        if (name.startsWith("kafka.header.") && name.length() > "kafka.header.".length()) {
            String header = name.substring("kafka.header.".length());
            return (r, out) -> out.append(orDefault(r.header(header), fallback, "the record has no header '" + header + "'"));
        }
        if (name.startsWith("payload.") && name.length() > "payload.".length()) {
            String path = name.substring("payload.".length());
            return (r, out) -> out.append(orDefault(r.jsonText(path), fallback, "the value has no field '" + path + "'"));
        }
        if (name.startsWith("metadata.") && name.length() > "metadata.".length()) {
            String key = name.substring("metadata.".length());
            String value = metadata == null ? null : metadata.get(key);
            if (value == null && fallback == null) {
                throw new IllegalArgumentException("${" + name + "}: the integration has no metadata '" + key + "'");
            }
            String v = value == null ? fallback : value;
            return (r, out) -> out.append(v);
        }
        throw new IllegalArgumentException("unknown placeholder ${" + name + "}; known: " + KNOWN);
    }

    private static String orDefault(String value, String fallback, String missing) {
        if (value != null) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        throw new RenderException(missing);
    }

    /** The text for {@code record}; throws {@link RenderException} when a value without default is missing. */
    public String render(RecordView record) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Part p : parts) {
            p.append(record, out);
        }
        return out.toString();
    }

    /** True when the text does not depend on the record. */
    public boolean isConstant() {
        return constant;
    }

    public String source() {
        return source;
    }

    /** A record the template cannot be rendered for (missing key, header or JSON field, value not JSON). */
    public static final class RenderException extends RuntimeException {
        public RenderException(String message) {
            super(message);
        }
    }
}
