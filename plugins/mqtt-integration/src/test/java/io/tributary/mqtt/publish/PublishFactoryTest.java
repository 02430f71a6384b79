package io.tributary.mqtt.publish;

import io.tributary.integration.commons.record.JsonRecordEncoder;
import io.tributary.integration.commons.record.RecordContext;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.tributary.mqtt.TestConfigs.settings;
import static io.tributary.mqtt.config.MqttConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishFactoryTest {
    private static final RecordContext CONTEXT = new RecordContext("bridge", Map.of("site", "plant-1"), "node-1");

    private static PublishFactory factory(Object... keyValues) {
        return PublishFactory.create(settings(keyValues), CONTEXT);
    }

    private static IntegrationMessage.Builder message(String topic, String payload) {
        return IntegrationMessage.builder().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
                .clientId("device-7").qos(1).brokerNodeId("node-1");
    }

    @Test
    void theDefaultKeepsTopicPayloadQosAndRetainAsPublished() {
        byte[] binary = {(byte) 0xFF, 0, 1};
        OutgoingPublish p = factory().build(message("sensors/room-1/temp", "").payload(binary).qos(2).retain(true)
                .build());
        assertThat(p.topic()).isEqualTo("sensors/room-1/temp");
        assertThat(p.payload()).containsExactly(binary);
        assertThat(p.qos()).isEqualTo(2);
        assertThat(p.retain()).isTrue();
    }

    @Test
    void thePrefixGoesInFrontOfTheTemplatedName() {
        PublishFactory f = factory(TOPIC_PREFIX, "${metadata.site}/", TOPIC_NAME, "${topicLevel[1]}/${clientId}");
        assertThat(f.topic(message("sensors/room-1/temp", "{}").build())).isEqualTo("plant-1/room-1/device-7");
    }

    @Test
    void payloadFieldsAndTheirDefaultsFillTheTopic() {
        PublishFactory f = factory(TOPIC_PREFIX, "site-a/", TOPIC_NAME, "${payload.site:unknown}/${payload.sensor.id}");
        assertThat(f.topic(message("t", "{\"site\":\"north\",\"sensor\":{\"id\":\"s-9\"}}").build()))
                .isEqualTo("site-a/north/s-9");
        assertThat(f.topic(message("t", "{\"sensor\":{\"id\":42}}").build())).isEqualTo("site-a/unknown/42");
    }

    @Test
    void aMessageTheTemplateCannotRenderIsUnsendableAndSaysWhy() {
        PublishFactory f = factory(TOPIC_NAME, "devices/${payload.deviceId}");
        assertThatThrownBy(() -> f.build(message("t", "not json").build()))
                .isInstanceOf(UnsendableMessageException.class)
                .hasMessageContaining("topic template 'devices/${payload.deviceId}'");
        assertThatThrownBy(() -> f.build(message("t", "{\"other\":1}").build()))
                .isInstanceOf(UnsendableMessageException.class)
                .hasMessageContaining("deviceId");
    }

    @Test
    void anExpansionThatIsNoTopicNameIsUnsendable() {
        PublishFactory f = factory(TOPIC_NAME, "${payload.target:}");
        assertThatThrownBy(() -> f.build(message("in/x", "{\"target\":\"a/+/b\"}").build()))
                .isInstanceOf(UnsendableMessageException.class)
                .hasMessageContaining("expands to 'a/+/b' for topic 'in/x', which contains a wildcard");
        assertThatThrownBy(() -> f.build(message("in/x", "{\"target\":\"$SYS/x\"}").build()))
                .isInstanceOf(UnsendableMessageException.class).hasMessageContaining("starts with $");
        assertThatThrownBy(() -> f.build(message("in/x", "{}").build()))
                .isInstanceOf(UnsendableMessageException.class).hasMessageContaining("is empty");
        assertThat(f.build(message("in/x", "{\"target\":\"out/ok\"}").build()).topic()).isEqualTo("out/ok");
    }

    @Test
    void aTemplateThatDoesNotParseIsRefusedAtCreation() {
        assertThatThrownBy(() -> factory(TOPIC_NAME, "out/${nope}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("topic: ");
    }

    @Test
    void fixedQosAndRetainOverrideThePublishedOnes() {
        IntegrationMessage m = message("t", "x").qos(0).retain(true).build();
        OutgoingPublish p = factory(QOS, "2", RETAIN, "never").build(m);
        assertThat(p.qos()).isEqualTo(2);
        assertThat(p.retain()).isFalse();
        OutgoingPublish q = factory(QOS, "1", RETAIN, "always").build(message("t", "x").qos(2).build());
        assertThat(q.qos()).isEqualTo(1);
        assertThat(q.retain()).isTrue();
    }

    @Test
    void mqtt5PropertiesAreForwardedOnlyOverMqtt5AndWhenAskedFor() {
        IntegrationMessage m = message("t", "{}").userProperties(List.of(new UserProperty("tag", "a"),
                        new UserProperty("tag", "b"))).contentType("application/json").responseTopic("reply/7")
                .correlationData(new byte[]{7}).build();
        OutgoingPublish v5 = factory().build(m);
        assertThat(v5.userProperties()).containsExactly(new UserProperty("tag", "a"), new UserProperty("tag", "b"));
        assertThat(v5.contentType()).isEqualTo("application/json");
        assertThat(v5.responseTopic()).isEqualTo("reply/7");
        assertThat(v5.correlationData()).containsExactly(7);
        for (OutgoingPublish none : List.of(factory(MQTT_VERSION, "3.1.1").build(m),
                factory(FORWARD_PROPERTIES, false).build(m))) {
            assertThat(none.userProperties()).isEmpty();
            assertThat(none.contentType()).isEmpty();
            assertThat(none.responseTopic()).isEmpty();
            assertThat(none.correlationData()).isEmpty();
        }
    }

    @Test
    void withoutSendOnlyPayloadTheBodyIsTheSharedJsonRecord() {
        PublishFactory f = factory(SEND_ONLY_MSG_PAYLOAD, false);
        IntegrationMessage m = message("sensors/1", "{\"t\":21}").build();
        assertThat(f.jsonPayload()).isTrue();
        assertThat(f.build(m).payload()).isEqualTo(new JsonRecordEncoder(CONTEXT).encode(m));
        assertThat(factory().jsonPayload()).isFalse();
    }
}
