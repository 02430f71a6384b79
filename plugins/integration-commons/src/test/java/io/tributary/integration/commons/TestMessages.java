package io.tributary.integration.commons;

import io.tributary.plugin.api.message.IntegrationMessage;

import java.nio.charset.StandardCharsets;

/** MQTT messages as the platform hands them over, named as in the TBMQ walkthrough. */
public final class TestMessages {
    public static final String CLIENT_ID = "tbmq_df52bNUQ";
    public static final String BROKER_NODE = "tbmq_node";
    public static final long RECEIVED_AT = 1742554969254L;

    private TestMessages() {
    }

    /** {"temperature":25} on {@code topic} at QoS 1. */
    public static IntegrationMessage temperature(String topic) {
        return builder(topic, "{\"temperature\":25}".getBytes(StandardCharsets.UTF_8)).build();
    }

    public static IntegrationMessage.Builder builder(String topic, byte[] payload) {
        return IntegrationMessage.builder().topic(topic).payload(payload).qos(1).retain(false)
                .clientId(CLIENT_ID).brokerNodeId(BROKER_NODE).receivedAt(RECEIVED_AT);
    }
}
