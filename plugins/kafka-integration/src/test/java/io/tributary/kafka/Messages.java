package io.tributary.kafka;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** MQTT messages as the platform hands them over. */
public final class Messages {
    public static final String CLIENT_ID = "tbmq_df52bNUQ";
    public static final long RECEIVED_AT = 1742554969254L;

    private Messages() {
    }

    /** The seed's walkthrough: {"temperature":25} on tbmq/kafka-integration at QoS 1. */
    public static IntegrationMessage seed() {
        return message("tbmq/kafka-integration", "{\"temperature\":25}".getBytes(StandardCharsets.UTF_8));
    }

    public static IntegrationMessage message(String topic, byte[] payload) {
        return builder(topic, payload).build();
    }

    public static IntegrationMessage text(String topic, String payload) {
        return message(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public static IntegrationMessage.Builder builder(String topic, byte[] payload) {
        return IntegrationMessage.builder().topic(topic).payload(payload).qos(1).retain(false)
                .clientId(CLIENT_ID).brokerNodeId(TestContext.BROKER_NODE).receivedAt(RECEIVED_AT)
                .userProperties(List.<UserProperty>of());
    }
}
