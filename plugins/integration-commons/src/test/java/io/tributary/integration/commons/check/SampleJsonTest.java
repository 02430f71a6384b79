package io.tributary.integration.commons.check;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SampleJsonTest {
    @Test
    void jsonContentIsShownAsTheDocumentAndAnythingElseAsBase64() {
        Map<String, Object> json = new LinkedHashMap<>();
        SampleJson.putContent(json, "valueFormat", "value", "{\"a\":[1,true]}".getBytes(StandardCharsets.UTF_8), true);
        assertThat(json).containsExactly(Map.entry("valueFormat", "json"),
                Map.entry("value", Map.of("a", java.util.List.of(1, true))));
        Map<String, Object> raw = new LinkedHashMap<>();
        SampleJson.putContent(raw, "bodyFormat", "body", new byte[]{1, 2, (byte) 0xff}, false);
        assertThat(raw).containsExactly(Map.entry("bodyFormat", "base64"), Map.entry("body", "AQL/"));
        assertThat(SampleJson.header("k", "v").toString()).isEqualTo("{key=k, value=v}");
    }
}
