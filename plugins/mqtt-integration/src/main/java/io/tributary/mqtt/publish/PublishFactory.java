package io.tributary.mqtt.publish;

import io.tributary.integration.commons.record.RecordContext;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.integration.commons.record.ValueEncoder;
import io.tributary.integration.commons.template.Template;
import io.tributary.integration.commons.template.TemplateException;
import io.tributary.mqtt.config.MqttSettings;
import io.tributary.mqtt.config.MqttVersion;
import io.tributary.mqtt.config.QosChoice;
import io.tributary.mqtt.config.RetainChoice;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.util.List;

/**
 * Turns a message into the {@link OutgoingPublish} for the remote broker: the topic from the
 * template (prefix and topic name), the payload raw or as the JSON record, QoS and retain as
 * configured, and the MQTT 5 properties as published. Built once per running integration;
 * thread-safe.
 */
public final class PublishFactory {
    private final Template topic;
    private final ValueEncoder payload;
    private final QosChoice qos;
    private final RetainChoice retain;
    private final boolean forwardProperties;

    private PublishFactory(Template topic, ValueEncoder payload, QosChoice qos, RetainChoice retain,
                           boolean forwardProperties) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.forwardProperties = forwardProperties;
    }

    /**
     * @throws IllegalArgumentException when the topic template does not parse (validation lets none through)
     */
    public static PublishFactory create(MqttSettings settings, RecordContext context) {
        Template template;
        try {
            template = Template.compile(settings.topicTemplate()).bind(context.integrationName(), context.metadata());
        } catch (TemplateException e) {
            throw new IllegalArgumentException("topic: " + e.getMessage(), e);
        }
        return new PublishFactory(template, ValueEncoder.of(settings.sendOnlyMsgPayload(), context), settings.qos(),
                settings.retain(), settings.forwardProperties() && settings.version() == MqttVersion.V5);
    }

    /** The topic {@code message} is forwarded to, checked. */
    public String topic(IntegrationMessage message) {
        String name;
        try {
            name = topic.render(message);
        } catch (RuntimeException e) {
            // a template that reads the message (e.g. a JSON payload field) and cannot
            throw new UnsendableMessageException("topic template '" + topic.source() + "': " + e.getMessage());
        }
        var problem = TopicNames.problem(name);
        if (problem.isPresent()) {
            throw new UnsendableMessageException("topic template '" + topic.source() + "' expands to '" + name
                    + "' for topic '" + message.topic() + "', which " + problem.get());
        }
        return name;
    }

    public OutgoingPublish build(IntegrationMessage message) {
        String name = topic(message);
        byte[] body;
        try {
            body = payload.encode(message);
        } catch (RuntimeException e) {
            throw new UnsendableMessageException("the message cannot be encoded: " + e.getMessage());
        }
        if (forwardProperties) {
            return new OutgoingPublish(name, body, qos.qosFor(message), retain.retainFor(message),
                    message.userProperties(), message.contentType(), message.responseTopic(),
                    message.correlationData());
        }
        return new OutgoingPublish(name, body, qos.qosFor(message), retain.retainFor(message), List.of(), "", "",
                new byte[0]);
    }

    /** True when the payload is the JSON record (else the raw payload). */
    public boolean jsonPayload() {
        return payload.isJson();
    }
}
