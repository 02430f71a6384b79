package io.tributary.http;

import io.tributary.http.config.HttpConfigSchema;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.Field;
import io.tributary.plugin.api.config.FieldType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.tributary.http.config.HttpConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

class HttpIntegrationPluginTest {
    private final HttpIntegrationPlugin plugin = new HttpIntegrationPlugin();

    @Test
    void identity() {
        assertThat(plugin.type()).isEqualTo("HTTP");
        assertThat(plugin.displayName()).isEqualTo("HTTP");
        assertThat(plugin.description()).isNotBlank();
    }

    @Test
    void pf4jIndexListsTheExtension() throws Exception {
        URL index = HttpIntegrationPlugin.class.getResource("/META-INF/extensions.idx");
        assertThat(index).isNotNull();
        try (InputStream in = index.openStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains(HttpIntegrationPlugin.class.getName());
        }
    }

    @Test
    void schemaFieldsTypesDefaultsAndVisibility() {
        ConfigSchema schema = plugin.configSchema();
        assertThat(schema.fields()).extracting(Field::name).containsExactly(URL, METHOD, SEND_ONLY_MSG_PAYLOAD,
                CONTENT_TYPE, HEADERS, QUERY_PARAMETERS, AUTH_TYPE, USERNAME, PASSWORD, TOKEN, TIMEOUT_MS, TLS_TRUST, CA_CERTIFICATE);
        assertField(schema, URL, FieldType.STRING, null);
        assertThat(schema.field(URL).orElseThrow().required()).isTrue();
        assertField(schema, METHOD, FieldType.ENUM, "POST");
        assertField(schema, SEND_ONLY_MSG_PAYLOAD, FieldType.BOOLEAN, false);
        assertField(schema, HEADERS, FieldType.STRING_MAP, Map.of());
        assertField(schema, AUTH_TYPE, FieldType.ENUM, "none");
        assertField(schema, PASSWORD, FieldType.SECRET, null);
        assertField(schema, TOKEN, FieldType.SECRET, null);
        assertField(schema, TIMEOUT_MS, FieldType.INTEGER, 10_000L);
        assertField(schema, TLS_TRUST, FieldType.ENUM, "system");
        assertThat(schema.field(METHOD).orElseThrow().options()).extracting("value").containsExactly("POST", "PUT");
        assertThat(schema.field(PASSWORD).orElseThrow().visibleWhen().values()).isEqualTo(List.of("basic"));
        assertThat(schema.field(TOKEN).orElseThrow().visibleWhen().values()).isEqualTo(List.of("bearer"));
        assertThat(schema.field(CA_CERTIFICATE).orElseThrow().visibleWhen().values()).isEqualTo(List.of("pem"));
        assertThat(schema.field(TLS_TRUST).orElseThrow().options()).extracting("label")
                .anySatisfy(l -> assertThat((String) l).contains("INSECURE"));
        Field headers = HttpConfigSchema.headersField();
        assertThat(headers.isSecretKey("Authorization")).isTrue();
        assertThat(headers.isSecretKey("X-Api-Key")).isTrue();
        Field query = schema.field(QUERY_PARAMETERS).orElseThrow();
        assertThat(query.type()).isEqualTo(FieldType.STRING_MAP);
        assertThat(query.isSecretKey("api_key")).isTrue();
        assertThat(query.isSecretKey("sig")).isTrue();
        assertThat(query.isSecretKey("site")).isFalse();
        assertThat(headers.isSecretKey("X-Auth-Token")).isTrue();
        assertThat(headers.isSecretKey("X-Site")).isFalse();
    }

    private static void assertField(ConfigSchema schema, String name, FieldType type, Object defaultValue) {
        Field f = schema.field(name).orElseThrow();
        assertThat(f.type()).as(name).isEqualTo(type);
        assertThat(f.defaultValue()).as(name).isEqualTo(defaultValue);
        assertThat(f.description()).as(name).isNotBlank();
    }
}
