package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Messages the kit processes when the test gives none: the shapes a plugin meets in practice. */
public final class SampleMessages {
    private SampleMessages() {
    }

    /**
     * A JSON telemetry message (QoS 1, MQTT 5 user properties with a repeated key), a retained
     * QoS 0 message with an empty payload, and a QoS 2 binary payload that is not UTF-8.
     */
    public static List<IntegrationMessage> defaults() {
        return List.of(
                IntegrationMessage.builder().topic("tbmq/devices/sensor-1/telemetry")
                        .payload("{\"temperature\":21.5,\"humidity\":40}".getBytes(StandardCharsets.UTF_8))
                        .qos(1).clientId("sensor-1").brokerNodeId(KitContext.NODE_ID)
                        .userProperties(List.of(new UserProperty("site", "lab"), new UserProperty("tag", "a"),
                                new UserProperty("tag", "b")))
                        .build(),
                IntegrationMessage.builder().topic("tbmq/devices/sensor-1/status").payload(new byte[0])
                        .qos(0).retain(true).clientId("sensor-1").brokerNodeId(KitContext.NODE_ID).build(),
                IntegrationMessage.builder().topic("tbmq/devices/camera-7/frame")
                        .payload(new byte[]{(byte) 0xFF, (byte) 0xD8, 0x00, 0x10, (byte) 0xC3, 0x28})
                        .qos(2).clientId("camera-7").brokerNodeId(KitContext.NODE_ID).build());
    }
}
