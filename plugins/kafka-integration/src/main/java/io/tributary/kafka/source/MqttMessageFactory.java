package io.tributary.kafka.source;

import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.api.source.SourceMessage;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a Kafka record into the MQTT message it becomes: topic and user properties from templates, payload, QoS, retain. */
public final class MqttMessageFactory {
    private record PropertyTemplate(String name, SourceTemplate value) {
    }

    private final SourceSettings settings;
    private final SourceTemplate topic;
    private final List<PropertyTemplate> properties;

    private MqttMessageFactory(SourceSettings settings, SourceTemplate topic, List<PropertyTemplate> properties) {
        this.settings = settings;
        this.topic = topic;
        this.properties = properties;
    }

    /** @throws IllegalArgumentException when a template does not compile (the message names the field) */
    public static MqttMessageFactory create(SourceSettings settings, String integrationName,
                                            Map<String, String> metadata) {
        SourceTemplate topic = compile(SourceConfigSchema.MQTT_TOPIC, settings.mqttTopic(), integrationName, metadata);
        List<PropertyTemplate> properties = new ArrayList<>();
        for (Map.Entry<String, String> p : settings.userProperties().entrySet()) {
            properties.add(new PropertyTemplate(p.getKey(), compile(SourceConfigSchema.USER_PROPERTIES + "."
                    + p.getKey(), p.getValue(), integrationName, metadata)));
        }
        return new MqttMessageFactory(settings, topic, List.copyOf(properties));
    }

    private static SourceTemplate compile(String field, String text, String name, Map<String, String> metadata) {
        try {
            return SourceTemplate.compile(text, name, metadata);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    /**
     * The MQTT message for {@code view}.
     *
     * @param origin where it came from, for loop protection
     * @throws SourceTemplate.RenderException when the record lacks what a template or the payload field needs
     */
    public SourceMessage build(RecordView view, String origin) {
        String mqttTopic = topic.render(view);
        if (mqttTopic.isEmpty()) {
            throw new SourceTemplate.RenderException("the MQTT topic template '" + topic.source() + "' gave an empty topic");
        }
        List<UserProperty> user = new ArrayList<>();
        if (settings.headersAsUserProperties()) {
            for (Header h : view.record().headers()) {
                user.add(new UserProperty(h.key(), h.value() == null ? "" : new String(h.value(), settings.headersCharset())));
            }
        }
        for (PropertyTemplate p : properties) {
            user.add(new UserProperty(p.name(), p.value().render(view)));
        }
        return SourceMessage.builder()
                .topic(mqttTopic)
                .payload(payload(view))
                .qos(settings.qos())
                .retain(settings.retain())
                .userProperties(user)
                .origin(origin)
                .build();
    }

    private byte[] payload(RecordView view) {
        if (!settings.payloadFromJsonField()) {
            byte[] value = view.record().value();
            return value == null ? new byte[0] : value;
        }
        String text = view.jsonText(settings.payloadField());
        if (text == null) {
            throw new SourceTemplate.RenderException("the value has no field '" + settings.payloadField() + "'");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
