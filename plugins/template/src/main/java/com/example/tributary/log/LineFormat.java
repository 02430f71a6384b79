package com.example.tributary.log;

import io.tributary.plugin.api.message.IntegrationMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log line of one message, from a format such as {@code "{clientId} -> {topic}: {payload}"}.
 * Plain Java with no platform types but the message: unit-testable on its own.
 */
final class LineFormat {
    /** Placeholders a format may use. */
    static final Set<String> PLACEHOLDERS = Set.of("topic", "payload", "clientId", "qos", "retain", "bytes");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private final String format;
    private final int payloadLimit;

    /**
     * @param format       text with placeholders
     * @param payloadLimit characters of the payload shown; the rest is cut
     */
    LineFormat(String format, int payloadLimit) {
        this.format = format;
        this.payloadLimit = payloadLimit;
    }

    /** Placeholders in {@code format} that are not in {@link #PLACEHOLDERS}, in order of appearance. */
    static List<String> unknownPlaceholders(String format) {
        List<String> unknown = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(format);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                unknown.add(m.group());
            }
        }
        return unknown;
    }

    String render(IntegrationMessage message) {
        Matcher m = PLACEHOLDER.matcher(format);
        StringBuilder line = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "topic" -> message.topic();
                case "payload" -> payload(message);
                case "clientId" -> message.clientId();
                case "qos" -> Integer.toString(message.qos());
                case "retain" -> Boolean.toString(message.retain());
                case "bytes" -> Integer.toString(message.payloadSize());
                default -> m.group(); // validate() keeps unknown placeholders out; leave them visible if any
            };
            m.appendReplacement(line, Matcher.quoteReplacement(value));
        }
        m.appendTail(line);
        return line.toString();
    }

    private String payload(IntegrationMessage message) {
        // malformed UTF-8 becomes U+FFFD: good enough for a log line
        String text = new String(message.payload(), StandardCharsets.UTF_8);
        return text.length() <= payloadLimit ? text : text.substring(0, payloadLimit) + "...";
    }
}
