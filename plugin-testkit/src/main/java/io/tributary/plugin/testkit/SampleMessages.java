package io.tributary.plugin.testkit;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Messages as the platform hands them to a plugin: the ones the kit processes when the test gives
 * none ({@link #defaults()}), and messages of the seed's (TBMQ's) integration walkthrough for a
 * plugin's own tests — a device {@value #CLIENT_ID} on broker node {@value #BROKER_NODE_ID}
 * publishing at QoS 1, received at {@value #RECEIVED_AT}, so that a record the plugin builds can be
 * compared with the documented one field by field:
 * <pre>{@code
 * it.deliver(SampleMessages.temperature("tbmq/kafka-integration"), Duration.ofSeconds(10));
 * IntegrationMessage binary = SampleMessages.builder("tbmq/bin", bytes).qos(2).retain(true).build();
 * }</pre>
 */
public final class SampleMessages {
    /**
     * The walkthrough's MQTT client id.
     *
     * @since 0.2
     */
    public static final String CLIENT_ID = "tbmq_df52bNUQ";
    /**
     * The walkthrough's broker node (the record's {@code tbmqNode}).
     *
     * @since 0.2
     */
    public static final String BROKER_NODE_ID = "tbmq_node";
    /**
     * The walkthrough's receive time, epoch milliseconds (the record's {@code ts}).
     *
     * @since 0.2
     */
    public static final long RECEIVED_AT = 1742554969254L;

    private SampleMessages() {
    }

    /**
     * A message on {@code topic} with {@code payload} from the walkthrough's device: QoS 1, not
     * retained, no user properties; change what the test is about on the builder.
     *
     * @since 0.2
     */
    public static IntegrationMessage.Builder builder(String topic, byte[] payload) {
        return IntegrationMessage.builder().topic(topic).payload(payload).qos(1).retain(false)
                .clientId(CLIENT_ID).brokerNodeId(BROKER_NODE_ID).receivedAt(RECEIVED_AT)
                .userProperties(List.of());
    }

    /**
     * {@link #builder} with a UTF-8 text payload, built.
     *
     * @since 0.2
     */
    public static IntegrationMessage text(String topic, String payload) {
        return builder(topic, payload.getBytes(StandardCharsets.UTF_8)).build();
    }

    /**
     * The walkthrough's message, {@code {"temperature":25}}, on {@code topic}.
     *
     * @since 0.2
     */
    public static IntegrationMessage temperature(String topic) {
        return text(topic, "{\"temperature\":25}");
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
