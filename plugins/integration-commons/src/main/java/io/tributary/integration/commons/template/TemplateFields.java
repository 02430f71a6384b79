package io.tributary.integration.commons.template;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.plugin.api.config.ValidationOutput;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.util.List;
import java.util.Map;

/**
 * Template rules for a plugin's {@code validate()}: a field whose text does not parse (unknown
 * placeholder, malformed payload path such as {@code ${payload.a..b}}, a default on a placeholder
 * that takes none), or that names a metadata key the integration does not have, is a field error; and a sample message to
 * see what a template expands to (e.g. to check the result is a legal topic name or URL).
 */
public final class TemplateFields {
    /** Topic of the sample message; four levels. */
    public static final String SAMPLE_TOPIC = "tbmq/devices/device-01/status";
    public static final String SAMPLE_CLIENT_ID = "tbmq_df52bNUQ";
    public static final String SAMPLE_INTEGRATION_NAME = "integration";

    private TemplateFields() {
    }

    /** {@link #compile(String, String, String, Map, ValidationOutput)} without a message prefix. */
    public static Template compile(String field, String text, Map<String, String> metadata, ValidationOutput out) {
        return compile(field, "", text, metadata, out);
    }

    /**
     * Parses the template text of {@code field}; on a problem reports it on {@code field} and
     * returns {@code null}.
     *
     * @param prefix   put before the message, e.g. "header 'X-Site': " for one entry of a map field
     * @param text     the template; {@code null} is the empty template
     * @param metadata the integration's metadata: every {@code ${metadata.NAME}} must name one of its keys
     */
    public static Template compile(String field, String prefix, String text, Map<String, String> metadata,
                                   ValidationOutput out) {
        try {
            Template t = Template.compile(text == null ? "" : text);
            for (String key : t.metadataKeys()) {
                if (!metadata.containsKey(key)) {
                    out.error(field, prefix + "${metadata." + key + "} names no key of the integration's metadata");
                    return null;
                }
            }
            return t;
        } catch (TemplateException e) {
            out.error(field, prefix + e.getMessage());
            return null;
        }
    }

    /**
     * Parses {@code text} and binds it to the integration, when an integration starts (its
     * configuration was validated, so a problem here is a bug or a changed template).
     *
     * @param field the setting's name, for the error message
     * @param text  the template; {@code null} is the empty template
     * @throws IllegalArgumentException "field: reason" when the text does not parse
     */
    public static Template bound(String field, String text, RecordContext context) {
        try {
            return Template.compile(text == null ? "" : text).bind(context.integrationName(), context.metadata());
        } catch (TemplateException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@code template} expands to for the sample message, bound to a sample integration name.
     * Payload fields and user properties, which the sample message does not have, expand to their
     * default or else to their name ({@code deviceId} for {@code ${payload.deviceId}}).
     */
    public static String expandForSample(Template template, Map<String, String> metadata) {
        return sampleValues(template).render(template.bind(SAMPLE_INTEGRATION_NAME, metadata));
    }

    /**
     * The values of the sample message (see {@link #sampleMessage}) for {@code template}, or a
     * template bound from it: a payload field or user property the sample lacks becomes its
     * default or else its name, so a template can be checked (e.g. for a legal topic name or URL)
     * before any message exists.
     */
    public static MessageValues sampleValues(Template template) {
        return new MessageValues(sampleMessage(template.maxTopicLevel()), PayloadReader.of(List.of(template)), true);
    }

    /**
     * A sample message ({@value #SAMPLE_TOPIC}, client {@value #SAMPLE_CLIENT_ID}, QoS 1) whose
     * topic has at least {@code maxLevel + 1} levels, so that every {@code ${topicLevel[N]}} of a
     * template has a value.
     */
    public static IntegrationMessage sampleMessage(int maxLevel) {
        StringBuilder topic = new StringBuilder(SAMPLE_TOPIC);
        for (int level = 4; level <= maxLevel; level++) {
            topic.append("/level").append(level);
        }
        return IntegrationMessage.builder().topic(topic.toString()).clientId(SAMPLE_CLIENT_ID).qos(1).build();
    }
}
