package io.tributary.integration.commons.template;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the templates of one {@link PayloadReader} read from one message (see there). The payload is parsed
 * on the first {@code ${payload...}} value asked for and never again for this message. Made per
 * message, used by one thread.
 */
public final class MessageValues {
    private final IntegrationMessage message;
    private final PayloadReader reader;
    /** Sample messages (validation): a missing value becomes its default or a made-up one. */
    private final boolean sample;

    private boolean parsed;
    private int parses;
    private String notJson;
    private String[] text;
    private byte[] kinds;

    MessageValues(IntegrationMessage message, PayloadReader reader, boolean sample) {
        this.message = message;
        this.reader = reader;
        this.sample = sample;
    }

    /**
     * {@code template}'s text for this message; the payload is parsed once for all templates of
     * the reader.
     *
     * @throws RenderException when the message lacks a value the template needs without a
     *                         default, or its payload is not JSON and the template reads it
     */
    public String render(Template template) {
        return template.renderValues(this, null);
    }

    /**
     * {@link #render(Template)} with every value taken from the message passed through
     * {@code escape} (e.g. percent-encoding for a URL); literal text is left alone.
     */
    public String render(Template template, UnaryOperator<String> escape) {
        return template.renderValues(this, escape);
    }

    /** The message. */
    public IntegrationMessage message() {
        return message;
    }

    /**
     * The text of the payload field at {@code path}: a JSON string's text, a number as written,
     * {@code true} or {@code false}.
     *
     * @param fallback the template's default, or {@code null} when it has none
     * @throws RenderException when the payload is not JSON, or the field is missing or
     *                         {@code null} and there is no default, or it is an object or array
     */
    String payload(PayloadPath path, String fallback) {
        int slot = reader.slot(path);
        if (slot < 0) {
            throw new IllegalStateException("${payload" + path.text() + "} is not read by this PayloadReader: "
                    + "build it from every template rendered with its values");
        }
        parse();
        if (notJson != null) {
            if (sample) {
                return fallback != null ? fallback : path.sampleValue();
            }
            throw new RenderException(notJson + " (needed for ${payload" + path.text() + "})");
        }
        switch (kinds[slot]) {
            case PayloadReader.VALUE:
                return text[slot];
            case PayloadReader.OBJECT:
            case PayloadReader.ARRAY:
                if (sample) {
                    return path.sampleValue();
                }
                throw new RenderException("payload field '" + path.display() + "' is "
                        + (kinds[slot] == PayloadReader.OBJECT ? "an object" : "an array")
                        + ", not a single value: name a field inside it");
            default:
                if (fallback != null) {
                    return fallback;
                }
                if (sample) {
                    return path.sampleValue();
                }
                throw new RenderException(kinds[slot] == PayloadReader.NULL
                        ? "payload field '" + path.display() + "' is null (give ${payload" + path.text()
                                + ":DEFAULT} a default)"
                        : "the payload has no field '" + path.display() + "' (give ${payload" + path.text()
                                + ":DEFAULT} a default)");
        }
    }

    private void parse() {
        if (parsed) {
            return;
        }
        parsed = true;
        parses++;
        text = new String[reader.size()];
        kinds = new byte[reader.size()];
        notJson = reader.read(message.payloadBuffer(), text, kinds);
    }

    /** How often the payload was parsed: 0 or 1 (for tests). */
    int parses() {
        return parses;
    }

    /**
     * The value of the MQTT 5 user property {@code name}; the last one when the key repeats (as
     * in the JSON record's {@code props}).
     *
     * @throws RenderException when the message has no such property and there is no default
     */
    String userProperty(String name, String fallback) {
        List<UserProperty> props = message.userProperties();
        for (int i = props.size() - 1; i >= 0; i--) {
            UserProperty p = props.get(i);
            if (p.key().equals(name)) {
                return p.value();
            }
        }
        if (fallback != null) {
            return fallback;
        }
        if (sample) {
            return name;
        }
        throw new RenderException("the message has no user property '" + name + "' (give ${props." + name
                + ":DEFAULT} a default)");
    }
}
