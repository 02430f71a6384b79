package io.tributary.http.request;

import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.http.config.HttpSettings;
import io.tributary.integration.commons.record.RecordContext;
import io.tributary.plugin.api.message.IntegrationMessage;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.http.TestConfigs.config;
import static io.tributary.http.config.HttpConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestFactoryTest {
    private static final RecordContext CONTEXT = new RecordContext("HTTP integration", Map.of("site", "plant 1"),
            "tbmq_ie_node");

    private static RequestFactory factory(Object... keyValues) {
        return RequestFactory.create(HttpSettings.from(config(keyValues)), CONTEXT);
    }

    private static List<String> headers(OutgoingRequest r) {
        return r.headers().stream().map(h -> h.name() + ": " + h.value()).toList();
    }

    @Test
    void theDefaultBodyIsTheJsonRecordFieldForField() {
        OutgoingRequest r = factory(URL, "http://localhost:8080/in").build(SampleMessages.temperature("tbmq/http-integration"));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.uri()).hasToString("http://localhost:8080/in");
        assertThat(headers(r)).containsExactly("Content-Type: application/json");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"payload\":\"eyJ0ZW1wZXJhdHVyZSI6MjV9\",\"topicName\":\"tbmq/http-integration\","
                        + "\"clientId\":\"tbmq_df52bNUQ\",\"eventType\":\"PUBLISH_MSG\",\"qos\":1,\"retain\":false,"
                        + "\"tbmqIeNode\":\"tbmq_ie_node\",\"tbmqNode\":\"tbmq_node\",\"ts\":1742554969254,\"props\":{},"
                        + "\"metadata\":{\"integrationName\":\"HTTP integration\",\"site\":\"plant 1\"}}");
    }

    @Test
    void queryParametersAreAppendedEncodedToFixedAndTemplatedUrls() {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("api_key", "k/1 &=");
        query.put("v", "2");
        assertThat(factory(URL, "http://h/in", QUERY_PARAMETERS, query).build(SampleMessages.temperature("tbmq/http-integration")).uri())
                .hasToString("http://h/in?api_key=k%2F1%20%26%3D&v=2");
        assertThat(factory(URL, "http://h/${clientId}?site=a", QUERY_PARAMETERS, Map.of("token", "t"))
                .build(SampleMessages.temperature("tbmq/http-integration")).uri()).hasToString("http://h/tbmq_df52bNUQ?site=a&token=t");
    }

    @Test
    void rawModeSendsThePayloadBytesAsOctetStreamUnlessAContentTypeIsSet() {
        byte[] payload = {0, (byte) 0x80, (byte) 0xFF, 10};
        IntegrationMessage m = SampleMessages.builder("t", payload).build();
        OutgoingRequest raw = factory(URL, "http://h/", SEND_ONLY_MSG_PAYLOAD, true, METHOD, "PUT").build(m);
        assertThat(raw.body()).isEqualTo(payload);
        assertThat(raw.method()).isEqualTo("PUT");
        assertThat(headers(raw)).containsExactly("Content-Type: application/octet-stream");
        assertThat(headers(factory(URL, "http://h/", SEND_ONLY_MSG_PAYLOAD, true, CONTENT_TYPE, "text/plain").build(m)))
                .containsExactly("Content-Type: text/plain");
        // a Content-Type in the headers map wins over the field
        assertThat(headers(factory(URL, "http://h/", CONTENT_TYPE, "text/plain",
                HEADERS, Map.of("content-type", "application/cbor")).build(m)))
                .containsExactly("content-type: application/cbor");
    }

    @Test
    void urlTemplatesEscapeMessageAndIntegrationValues() {
        RequestFactory f = factory(URL, "https://h/${integrationName}/${metadata.site}/${topic}?c=${clientId}&l=${topicLevel[1]}");
        IntegrationMessage m = SampleMessages.builder("sensors/room 1/t&h", new byte[0]).clientId("dev?1").build();
        assertThat(f.build(m).uri()).hasToString(
                "https://h/HTTP%20integration/plant%201/sensors/room%201/t%26h?c=dev%3F1&l=room%201");
    }

    @Test
    void headerTemplatesRenderAsIsAfterTheAuthorizationHeader() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("X-Topic", "${topic}");
        configured.put("X-Site", "${metadata.site}");
        OutgoingRequest r = factory(URL, "http://h/", AUTH_TYPE, "bearer", TOKEN, "t0ken", HEADERS, configured)
                .build(SampleMessages.builder("a b/c", new byte[0]).build());
        assertThat(headers(r)).containsExactly("Content-Type: application/json", "Authorization: Bearer t0ken",
                "X-Topic: a b/c", "X-Site: plant 1");
    }

    @Test
    void basicAuthorizationIsBase64OfUserColonPassword() {
        OutgoingRequest r = factory(URL, "http://h/", AUTH_TYPE, "basic", USERNAME, "us\u00e9r", PASSWORD, "p:w")
                .build(SampleMessages.temperature("tbmq/http-integration"));
        assertThat(headers(r)).contains("Authorization: Basic "
                + Base64.getEncoder().encodeToString("us\u00e9r:p:w".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aUrlThatCannotBeRequestedIsRefusedOnceOrPerMessage() {
        assertThatThrownBy(() -> factory(URL, "ftp://h/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(URL + ": must start with");
        RequestFactory perMessage = factory(URL, "http://${topicLevel[0]}/x");
        assertThat(perMessage.build(SampleMessages.builder("example.com/a", new byte[0]).build()).uri())
                .hasToString("http://example.com/x");
        assertThatThrownBy(() -> perMessage.build(SampleMessages.builder("/a", new byte[0]).build()))
                .isInstanceOf(UnsendableMessageException.class).hasMessageContaining("has no host name");
    }

    @Test
    void urlAndHeadersReadTheJsonPayloadAndUserPropertiesOnce() {
        RequestFactory f = factory(URL, "https://h/devices/${payload.device.id}?site=${payload.site:none}",
                HEADERS, Map.of("X-Tenant", "${props.tenant}"));
        IntegrationMessage m = SampleMessages.builder("t", "{\"device\":{\"id\":\"d 1/2\"}}".getBytes(StandardCharsets.UTF_8))
                .userProperties(List.of(new io.tributary.plugin.api.message.UserProperty("tenant", "a b"))).build();
        OutgoingRequest r = f.build(m);
        assertThat(r.uri()).hasToString("https://h/devices/d%201/2?site=none");
        assertThat(headers(r)).contains("X-Tenant: a b");
        assertThatThrownBy(() -> f.build(SampleMessages.builder("t", "<xml/>".getBytes(StandardCharsets.UTF_8)).build()))
                .isInstanceOf(UnsendableMessageException.class)
                .hasMessageStartingWith("restEndpointUrl 'https://h/devices/${payload.device.id}?site=${payload.site:none}': "
                        + "the payload is not JSON");
        assertThatThrownBy(() -> f.build(SampleMessages.builder("t", "{\"device\":{\"id\":1}}".getBytes(StandardCharsets.UTF_8))
                .build())).isInstanceOf(UnsendableMessageException.class)
                .hasMessage("header 'X-Tenant' '${props.tenant}': the message has no user property 'tenant' "
                        + "(give ${props.tenant:DEFAULT} a default)");
    }
}
