package io.tributary.integration.runtime;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Broker messages to the plain-Java message plugins see. */
final class MessageConverter {
    private MessageConverter() {
    }

    static IntegrationMessage toPluginMessage(BrokerMessage m, String nodeId) {
        List<Map.Entry<String, String>> props = m.properties().userProperties();
        List<UserProperty> user = props.isEmpty() ? List.of() : new ArrayList<>(props.size());
        for (Map.Entry<String, String> e : props) {
            user.add(new UserProperty(e.getKey(), e.getValue()));
        }
        BrokerMessage.ForwardedProperties fp = m.properties();
        return IntegrationMessage.builder()
                .topic(m.topic())
                .payload(m.payload())
                .qos(m.qos())
                .retain(m.retain())
                .clientId(m.publisherId())
                .userProperties(user)
                .receivedAt(m.receivedAt())
                .brokerNodeId(nodeId)
                .contentType(fp.contentType())
                .responseTopic(fp.responseTopic())
                .correlationData(fp.correlationData())
                .eventType(m.eventType()) // null: PUBLISH_MSG
                .origin(m.origin())
                .build();
    }
}
