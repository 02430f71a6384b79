package io.tributary.mqtt.publish;

import io.tributary.plugin.api.message.UserProperty;

import java.util.List;

/**
 * What is published to the remote broker for one message. The MQTT 5 properties are empty when
 * they are not forwarded.
 *
 * @param correlationData empty for none
 */
public record OutgoingPublish(String topic, byte[] payload, int qos, boolean retain, List<UserProperty> userProperties,
                              String contentType, String responseTopic, byte[] correlationData) {
    public OutgoingPublish {
        userProperties = List.copyOf(userProperties);
    }

    @Override
    public String toString() {
        return "OutgoingPublish[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", bytes=" + payload.length
                + ", userProperties=" + userProperties.size() + "]";
    }
}
