package io.tributary.integration.commons.template;

import io.tributary.plugin.api.message.IntegrationMessage;

import java.util.Map;
import java.util.function.UnaryOperator;

/** One piece of a {@link Template}: literal text or a placeholder. */
sealed interface Part {

    /**
     * Appends this part's text for a message.
     *
     * @param escape applied to values taken from the message, or {@code null} to insert them as they are
     * @throws RenderException when the message lacks a value this part needs
     */
    void append(StringBuilder out, MessageValues values, UnaryOperator<String> escape);

    private static void appendValue(StringBuilder out, String value, UnaryOperator<String> escape) {
        out.append(escape == null ? value : escape.apply(value));
    }

    /** Text that does not depend on the message; never escaped. */
    record Literal(String text) implements Part {
        @Override
        public void append(StringBuilder out, MessageValues values, UnaryOperator<String> escape) {
            out.append(text);
        }
    }

    /** {@code ${topic}}, {@code ${clientId}}, {@code ${qos}}, {@code ${retain}}. */
    enum MessageField implements Part {
        TOPIC, CLIENT_ID, QOS, RETAIN;

        @Override
        public void append(StringBuilder out, MessageValues values, UnaryOperator<String> escape) {
            IntegrationMessage message = values.message();
            String value = switch (this) {
                case TOPIC -> message.topic();
                case CLIENT_ID -> message.clientId();
                case QOS -> Integer.toString(message.qos());
                case RETAIN -> Boolean.toString(message.retain());
            };
            appendValue(out, value, escape);
        }
    }

    /**
     * {@code ${contentType}}, {@code ${responseTopic}}: MQTT 5 properties, empty when the
     * publisher set none (then the default, when given).
     */
    record MqttProperty(boolean contentType, String fallback) implements Part {
        @Override
        public void append(StringBuilder out, MessageValues values, UnaryOperator<String> escape) {
            String value = contentType ? values.message().contentType() : values.message().responseTopic();
            appendValue(out, value.isEmpty() && fallback != null ? fallback : value, escape);
        }
    }

    /** {@code ${payload.PATH}} and {@code ${payload.PATH:DEFAULT}}. */
    record PayloadValue(PayloadPath path, String fallback) implements Part {
        @Override
        public void append(StringBuilder out, MessageValues values, UnaryOperator<String> escape) {
            appendValue(out, values.payload(path, fallback), escape);
        }
    }

    /** {@code ${props.NAME}} and {@code ${props.NAME:DEFAULT}}: an MQTT 5 user property, the last one of a repeated key. */
    record UserPropertyValue(String name, String fallback) implements Part {
        @Override
        public void append(StringBuilder out, MessageValues values, UnaryOperator<String> escape) {
            appendValue(out, values.userProperty(name, fallback), escape);
        }
    }

    /** {@code ${topicLevel[N]}}: the N-th (0-based) level of the MQTT topic, empty when there is none. */
    record TopicLevel(int index) implements Part {
        @Override
        public void append(StringBuilder out, MessageValues values, UnaryOperator<String> escape) {
            String topic = values.message().topic();
            int start = 0;
            // walk the separators instead of splitting: no array per message
            for (int i = 0; i < index; i++) {
                int slash = topic.indexOf('/', start);
                if (slash < 0) {
                    return;
                }
                start = slash + 1;
            }
            int end = topic.indexOf('/', start);
            end = end < 0 ? topic.length() : end;
            if (escape == null) {
                out.append(topic, start, end);
            } else {
                out.append(escape.apply(topic.substring(start, end)));
            }
        }
    }

    /**
     * {@code ${integrationName}} and {@code ${metadata.NAME}}: fixed for one integration, replaced
     * by literals in {@link Template#bind}.
     */
    record IntegrationValue(String metadataKey) implements Part {
        static final IntegrationValue NAME = new IntegrationValue(null);

        String resolve(String integrationName, Map<String, String> metadata) {
            if (metadataKey == null) {
                return integrationName == null ? "" : integrationName;
            }
            String v = metadata.get(metadataKey);
            return v == null ? "" : v;
        }

        @Override
        public void append(StringBuilder out, MessageValues values, UnaryOperator<String> escape) {
            throw new IllegalStateException("Template used before bind()");
        }
    }
}
