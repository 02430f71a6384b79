package io.tributary.integration.commons.template;

import io.tributary.plugin.api.message.IntegrationMessage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with placeholders, parsed once and rendered per message: {@code ${topic}},
 * {@code ${clientId}}, {@code ${qos}}, {@code ${retain}}, {@code ${integrationName}},
 * {@code ${topicLevel[N]}} (0-based level of the MQTT topic), {@code ${metadata.NAME}}, fields of
 * a JSON payload ({@code ${payload.deviceId}}, {@code ${payload.sensor.id}},
 * {@code ${payload.sensors[0].id}}), MQTT 5 user properties ({@code ${props.NAME}}, the last
 * value of a repeated key), {@code ${contentType}} and {@code ${responseTopic}}. Payload fields
 * and user properties take a default after a colon ({@code ${payload.site:unknown}},
 * {@code ${props.tenant:}}); without one, a message that lacks the value cannot be rendered
 * ({@link RenderException}), nor can one whose payload is not JSON. Text without placeholders is
 * used as is. Immutable and thread-safe.
 *
 * <pre>{@code
 * Template topic = Template.compile("site/${metadata.site}/${payload.deviceId}")  // once, at start
 *         .bind(integrationName, metadata);
 * String text = topic.render(message);                                          // per message
 * }</pre>
 *
 * Several templates rendered for the same message share one parse of the payload through a
 * {@link PayloadReader} and {@link MessageValues#render(Template)}.
 */
public final class Template {
    /** The placeholders operators may use, for error messages and help text. */
    public static final String KNOWN = "${topic}, ${clientId}, ${qos}, ${retain}, ${integrationName}, "
            + "${topicLevel[N]}, ${metadata.NAME}, ${payload.FIELD}, ${props.NAME}, ${contentType}, ${responseTopic}";

    private static final Pattern TOPIC_LEVEL = Pattern.compile("topicLevel\\[(\\d{1,4})]");
    private static final String METADATA = "metadata.";
    private static final String PAYLOAD = "payload";
    private static final String PROPS = "props.";
    private static final String CONTENT_TYPE = "contentType";
    private static final String RESPONSE_TOPIC = "responseTopic";

    private final String source;
    private final List<Part> parts;
    /** The rendered text when no part depends on the message; {@code null} otherwise. */
    private final String constant;
    /** The payload fields this template reads, in order, without repeats. */
    private final List<PayloadPath> payloadPaths;
    /** For {@link #render(IntegrationMessage)}: this template's fields alone. */
    private final PayloadReader reader;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.constant = parts.stream().allMatch(p -> p instanceof Part.Literal)
                ? String.join("", parts.stream().map(p -> ((Part.Literal) p).text()).toList())
                : null;
        List<PayloadPath> paths = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Part.PayloadValue v && !paths.contains(v.path())) {
                paths.add(v.path());
            }
        }
        this.payloadPaths = List.copyOf(paths);
        this.reader = paths.isEmpty() ? PayloadReader.NONE : PayloadReader.of(List.of(this));
    }

    /** Parses {@code text}; fails on an unknown or unclosed placeholder. */
    public static Template compile(String text) throws TemplateException {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf("${", pos);
            if (open < 0) {
                parts.add(new Part.Literal(text.substring(pos)));
                break;
            }
            if (open > pos) {
                parts.add(new Part.Literal(text.substring(pos, open)));
            }
            int close = text.indexOf('}', open + 2);
            if (close < 0) {
                throw new TemplateException("unclosed placeholder '" + text.substring(open) + "'; use " + KNOWN);
            }
            parts.add(placeholder(text.substring(open + 2, close)));
            pos = close + 1;
        }
        return new Template(text, parts);
    }

    private static Part placeholder(String name) throws TemplateException {
        Part message = messageValue(name);
        if (message != null) {
            return message;
        }
        switch (name) {
            case "topic":
                return Part.MessageField.TOPIC;
            case "clientId":
                return Part.MessageField.CLIENT_ID;
            case "qos":
                return Part.MessageField.QOS;
            case "retain":
                return Part.MessageField.RETAIN;
            case "integrationName":
                return Part.IntegrationValue.NAME;
            default:
                break;
        }
        Matcher level = TOPIC_LEVEL.matcher(name);
        if (level.matches()) {
            return new Part.TopicLevel(Integer.parseInt(level.group(1)));
        }
        if (name.startsWith(METADATA) && name.length() > METADATA.length()) {
            return new Part.IntegrationValue(name.substring(METADATA.length()));
        }
        throw new TemplateException("unknown placeholder ${" + name + "}; use " + KNOWN);
    }

    /**
     * The placeholders that may take a default ({@code NAME:DEFAULT}): payload fields, user
     * properties, content type, response topic; {@code null} for any other name.
     */
    private static Part messageValue(String placeholder) throws TemplateException {
        int colon = placeholder.indexOf(':');
        String name = colon < 0 ? placeholder : placeholder.substring(0, colon);
        String fallback = colon < 0 ? null : placeholder.substring(colon + 1);
        if (name.equals(CONTENT_TYPE) || name.equals(RESPONSE_TOPIC)) {
            return new Part.MqttProperty(name.equals(CONTENT_TYPE), fallback);
        }
        if (name.startsWith(PAYLOAD) && (name.length() == PAYLOAD.length() || name.charAt(PAYLOAD.length()) == '.'
                || name.charAt(PAYLOAD.length()) == '[')) {
            return new Part.PayloadValue(PayloadPath.parse(name.substring(PAYLOAD.length())), fallback);
        }
        if (name.equals("props") || name.startsWith(PROPS)) {
            String key = name.length() > PROPS.length() ? name.substring(PROPS.length()) : "";
            if (key.isEmpty()) {
                throw new TemplateException("${props} needs a user property name: ${props.NAME}");
            }
            return new Part.UserPropertyValue(key, fallback);
        }
        return null;
    }

    /**
     * Resolves {@code ${integrationName}} and {@code ${metadata.NAME}} (missing metadata keys become
     * empty text) so that rendering only looks at the message.
     */
    public Template bind(String integrationName, Map<String, String> metadata) {
        List<Part> bound = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Part.Literal l) {
                literal.append(l.text());
            } else if (p instanceof Part.IntegrationValue v) {
                literal.append(v.resolve(integrationName, metadata));
            } else {
                flush(literal, bound);
                bound.add(p);
            }
        }
        flush(literal, bound);
        return new Template(source, bound);
    }

    private static void flush(StringBuilder literal, List<Part> into) {
        if (!literal.isEmpty()) {
            into.add(new Part.Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** The metadata keys this template refers to. */
    public Set<String> metadataKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Part.IntegrationValue v && v.metadataKey() != null) {
                keys.add(v.metadataKey());
            }
        }
        return keys;
    }

    /** Highest {@code ${topicLevel[N]}} index used, or -1. */
    public int maxTopicLevel() {
        int max = -1;
        for (Part p : parts) {
            if (p instanceof Part.TopicLevel t) {
                max = Math.max(max, t.index());
            }
        }
        return max;
    }

    /** True when the template reads fields of the payload ({@code ${payload...}}). */
    public boolean readsPayload() {
        return !payloadPaths.isEmpty();
    }

    List<PayloadPath> payloadPaths() {
        return payloadPaths;
    }

    /** True when the text does not depend on the message (after {@link #bind}). */
    public boolean isConstant() {
        return constant != null;
    }

    /** True for the empty template. */
    public boolean isEmpty() {
        return source.isEmpty();
    }

    /**
     * The text for {@code message}. Call {@link #bind} first when integration values are used.
     *
     * @throws RenderException when the message lacks a value the template needs without a
     *                         default, or its payload is not JSON and the template reads it
     */
    public String render(IntegrationMessage message) {
        return render(message, null);
    }

    /**
     * The text for {@code message} with every value taken from the message passed through
     * {@code escape} (e.g. percent-encoding for a URL); literal text is left alone. Values bound
     * by {@link #bind} are literals by then: escape them before binding.
     */
    public String render(IntegrationMessage message, UnaryOperator<String> escape) {
        if (constant != null) {
            return constant;
        }
        return renderValues(reader.values(message), escape);
    }

    /** The text for the message of {@code values}: see {@link MessageValues#render}. */
    String renderValues(MessageValues values, UnaryOperator<String> escape) {
        if (constant != null) {
            return constant;
        }
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Part p : parts) {
            p.append(out, values, escape);
        }
        return out.toString();
    }

    /** The text as written by the operator. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
