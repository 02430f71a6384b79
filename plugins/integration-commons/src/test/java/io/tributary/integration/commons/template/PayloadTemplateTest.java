package io.tributary.integration.commons.template;

import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Templates that read the JSON payload, MQTT 5 user properties, content type and response topic. */
class PayloadTemplateTest {
    private static final String DEVICE = """
            {"deviceId":"dev-7","sensor":{"id":42,"unit":"C","ok":true,"calibrated":null},
             "sensors":[{"id":"a"},{"id":"b","tags":["x","y"]}],"reading":1.50,"site":"plant 1"}""";

    private static IntegrationMessage json(String payload) {
        return SampleMessages.builder("tbmq/devices/dev-7", payload.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static String render(String template, IntegrationMessage message) throws TemplateException {
        return Template.compile(template).bind("n", Map.of()).render(message);
    }

    @Test
    void readsTopLevelAndNestedFieldsAsWritten() throws TemplateException {
        IntegrationMessage m = json(DEVICE);
        assertThat(render("devices.${payload.deviceId}", m)).isEqualTo("devices.dev-7");
        assertThat(render("${payload.sensor.id}/${payload.sensor.unit}/${payload.sensor.ok}", m)).isEqualTo("42/C/true");
        assertThat(render("${payload.reading}", m)).as("numbers keep their text").isEqualTo("1.50");
        assertThat(render("${payload.site}", m)).isEqualTo("plant 1");
    }

    @Test
    void indexesArraysFromZero() throws TemplateException {
        IntegrationMessage m = json(DEVICE);
        assertThat(render("${payload.sensors[0].id}-${payload.sensors[1].id}", m)).isEqualTo("a-b");
        assertThat(render("${payload.sensors[1].tags[1]}", m)).isEqualTo("y");
        assertThat(render("${payload[1]}", json("[\"first\",\"second\"]"))).isEqualTo("second");
        assertThat(render("${payload.sensors[5].id:none}", m)).isEqualTo("none");
    }

    @Test
    void defaultsStandInForMissingAndNullFields() throws TemplateException {
        IntegrationMessage m = json(DEVICE);
        assertThat(render("${payload.region:unknown}", m)).isEqualTo("unknown");
        assertThat(render("${payload.sensor.calibrated:never}", m)).isEqualTo("never");
        assertThat(render("x${payload.region:}y", m)).as("an empty default").isEqualTo("xy");
        assertThat(render("${payload.site:unknown}", m)).as("a present value wins").isEqualTo("plant 1");
    }

    @Test
    void aMissingFieldWithoutDefaultIsAnErrorOfThatMessage() {
        IntegrationMessage m = json(DEVICE);
        assertThatThrownBy(() -> render("devices.${payload.region}", m)).isInstanceOf(RenderException.class)
                .hasMessage("the payload has no field 'region' (give ${payload.region:DEFAULT} a default)");
        assertThatThrownBy(() -> render("${payload.sensor.calibrated}", m)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("payload field 'sensor.calibrated' is null");
        assertThatThrownBy(() -> render("${payload.sensor}", m)).isInstanceOf(RenderException.class)
                .hasMessage("payload field 'sensor' is an object, not a single value: name a field inside it");
        assertThatThrownBy(() -> render("${payload.sensors:x}", m)).isInstanceOf(RenderException.class)
                .hasMessageContaining("is an array");
        assertThatThrownBy(() -> render("${payload.deviceId.x}", m)).as("a field of a string")
                .isInstanceOf(RenderException.class).hasMessageStartingWith("the payload has no field 'deviceId.x'");
    }

    @Test
    void aPayloadThatIsNotJsonIsAnErrorEvenWithADefault() {
        for (String bad : List.of("hello", "{\"deviceId\":", "{\"a\":1} trailing", "")) {
            assertThatThrownBy(() -> render("${payload.deviceId:x}", json(bad))).as(bad)
                    .isInstanceOf(RenderException.class).hasMessageStartingWith("the payload is")
                    .hasMessageContaining("not JSON");
        }
        IntegrationMessage binary = SampleMessages.builder("t", new byte[]{(byte) 0xff, 0, 1}).build();
        assertThatThrownBy(() -> render("${payload.a}", binary)).isInstanceOf(RenderException.class);
        assertThatThrownBy(() -> render("${payload.a}", json("42")))
                .hasMessageStartingWith("the payload has no field 'a'");
    }

    @Test
    void templatesThatDoNotReadThePayloadIgnoreIt() throws TemplateException {
        assertThat(render("${topic}/${clientId}", json("not json"))).isEqualTo("tbmq/devices/dev-7/" + SampleMessages.CLIENT_ID);
        assertThat(Template.compile("${topic}").readsPayload()).isFalse();
        assertThat(Template.compile("${payload.a}").readsPayload()).isTrue();
    }

    @Test
    void userPropertiesContentTypeAndResponseTopic() throws TemplateException {
        IntegrationMessage m = SampleMessages.builder("t", new byte[0]).contentType("application/json")
                .responseTopic("replies/7").userProperties(List.of(new UserProperty("tenant", "acme"),
                        new UserProperty("hop", "1"), new UserProperty("hop", "2"))).build();
        assertThat(render("${props.tenant}", m)).isEqualTo("acme");
        assertThat(render("${props.hop}", m)).as("last value of a repeated key").isEqualTo("2");
        assertThat(render("${props.zone:eu}", m)).isEqualTo("eu");
        assertThat(render("${contentType}|${responseTopic}", m)).isEqualTo("application/json|replies/7");
        assertThatThrownBy(() -> render("${props.zone}", m)).isInstanceOf(RenderException.class)
                .hasMessage("the message has no user property 'zone' (give ${props.zone:DEFAULT} a default)");

        IntegrationMessage mqtt3 = SampleMessages.builder("t", new byte[0]).build();
        assertThat(render("[${contentType}][${responseTopic}]", mqtt3)).isEqualTo("[][]");
        assertThat(render("${contentType:application/octet-stream}", mqtt3)).isEqualTo("application/octet-stream");
    }

    @Test
    void severalTemplatesShareOneParsePerMessage() throws TemplateException {
        Template topic = Template.compile("d.${payload.deviceId}");
        Template key = Template.compile("${payload.sensor.id}");
        Template header = Template.compile("${payload.deviceId}:${payload.site:none}");
        PayloadReader reader = PayloadReader.of(List.of(topic, key, header));
        IntegrationMessage m = json(DEVICE);
        MessageValues values = reader.values(m);
        assertThat(values.render(topic)).isEqualTo("d.dev-7");
        assertThat(values.render(key)).isEqualTo("42");
        assertThat(values.render(header)).isEqualTo("dev-7:plant 1");
        assertThat(values.render(header, v -> "<" + v + ">")).isEqualTo("<dev-7>:<plant 1>");
        assertThat(values.parses()).isEqualTo(1);
        assertThat(PayloadReader.of(List.of(Template.compile("${topic}")))).isSameAs(PayloadReader.NONE);
        assertThatThrownBy(() -> PayloadReader.NONE.values(m).render(topic))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void defaultsAreOnlyForValuesAMessageMayLack() {
        assertThatThrownBy(() -> Template.compile("${topic:x}")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> Template.compile("${topicLevel[1]:x}")).isInstanceOf(TemplateException.class);
    }

    @Test
    void malformedPathsAreRejectedWithTheReason() {
        List<String> messages = new ArrayList<>();
        for (String bad : List.of("${payload}", "${payload.}", "${payload.a..b}", "${payload.a[x]}", "${payload.a[]}",
                "${payload.a[1}", "${payloadx}", "${payload.a]b}", "${props}", "${props.}", "${props.:x}")) {
            assertThatThrownBy(() -> Template.compile(bad)).as(bad).isInstanceOf(TemplateException.class)
                    .satisfies(e -> messages.add(e.getMessage()));
        }
        assertThat(messages).contains(
                "${payload} needs a field: ${payload.NAME}, e.g. ${payload.deviceId}",
                "empty field name in ${payload.a..b}",
                "array index must be [0], [1], ... in ${payload.a[x]}",
                "${props} needs a user property name: ${props.NAME}");
    }

    @Test
    void theSampleMessageGivesEveryValueForValidation() throws TemplateException {
        assertThat(TemplateFields.expandForSample(Template.compile("d.${payload.sensor.id}.${props.tenant}"
                + ".${payload.site:unknown}"), Map.of())).isEqualTo("d.id.tenant.unknown");
    }
}
