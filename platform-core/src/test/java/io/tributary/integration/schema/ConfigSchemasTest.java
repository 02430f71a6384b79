package io.tributary.integration.schema;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.FieldError;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ConfigSchemasTest {
    /** Every field type and every option a field can have. */
    static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .group("connection", "Connection")
            .string("url", f -> f.title("URL").required().pattern("^https?://.+$").placeholder("https://example.com")
                    .description("Where to send"))
            .secret("password", f -> f.title("Password"))
            .integer("port", f -> f.title("Port").min(1).max(65535).defaultValue(443))
            .bool("tls", f -> f.title("TLS").defaultValue(true))
            .enumeration("auth", f -> f.title("Authentication").defaultValue("none")
                    .option("none", "None").option("basic", "Basic").option("token", "Bearer token"))
            .string("user", f -> f.title("User").visibleWhen("auth", "basic"))
            .advancedGroup("advanced", "Advanced")
            .stringList("tags", f -> f.title("Tags").pattern("^[a-z]+$").defaultValue(List.of("a", "b")))
            .stringMap("headers", f -> f.title("Headers").defaultValue(Map.of("x-env", "dev"))
                    .secretKeys("*token*", "authorization"))
            .stringList("servers", f -> f.title("Servers").required().order(0))
            .build();

    private static final SchemaRegistry NETWORKNT = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    // ---- JSON Schema ----

    @Test
    void theGeneratedSchemaIsValidJsonSchema202012() {
        Schema metaSchema = NETWORKNT.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        for (ConfigSchema schema : List.of(SCHEMA, ConfigSchema.builder().build(),
                ConfigSchema.builder().bool("only", f -> { }).build())) {
            List<Error> errors = metaSchema.validate(ConfigSchemas.toJsonSchema(schema));
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void everyDefaultValidatesAgainstItsProperty() {
        ObjectNode json = ConfigSchemas.toJsonSchema(SCHEMA);
        int checked = 0;
        for (var property : json.get("properties").properties()) {
            JsonNode subSchema = property.getValue();
            if (subSchema.has("default")) {
                ObjectNode standalone = (ObjectNode) subSchema.deepCopy();
                standalone.properties().removeIf(e -> e.getKey().startsWith("x-")); // UI hints are not rules
                standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
                assertThat(NETWORKNT.getSchema(standalone).validate(subSchema.get("default")))
                        .as("default of %s", property.getKey()).isEmpty();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void theSchemaCarriesRulesAndUiHints() {
        JsonNode json = ConfigSchemas.toJsonSchema(SCHEMA);

        assertThat(json.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(json.get("type").asString()).isEqualTo("object");
        assertThat(json.get("additionalProperties").asBoolean()).isFalse();
        assertThat(json.get("required").toString()).isEqualTo("[\"url\",\"servers\"]");
        assertThat(json.get("x-groups").toString()).isEqualTo(
                "[{\"id\":\"connection\",\"title\":\"Connection\",\"advanced\":false},"
                        + "{\"id\":\"advanced\",\"title\":\"Advanced\",\"advanced\":true}]");
        JsonNode p = json.get("properties");
        assertThat(p.get("url").toString()).isEqualTo("{\"type\":\"string\",\"title\":\"URL\",\"description\":\"Where to send\","
                + "\"pattern\":\"^https?://.+$\",\"minLength\":1,\"x-group\":\"connection\",\"x-order\":0,"
                + "\"x-widget\":\"text\",\"x-placeholder\":\"https://example.com\"}");
        assertThat(p.get("password").toString()).isEqualTo("{\"type\":\"string\",\"title\":\"Password\",\"writeOnly\":true,"
                + "\"x-secret\":true,\"x-group\":\"connection\",\"x-order\":1,\"x-widget\":\"password\"}");
        assertThat(p.get("port").toString()).isEqualTo("{\"type\":\"integer\",\"title\":\"Port\",\"minimum\":1,"
                + "\"maximum\":65535,\"default\":443,\"x-group\":\"connection\",\"x-order\":2,\"x-widget\":\"number\"}");
        assertThat(p.get("tls").get("x-widget").asString()).isEqualTo("checkbox");
        assertThat(p.get("tls").get("default").asBoolean()).isTrue();
        assertThat(p.get("auth").get("enum").toString()).isEqualTo("[\"none\",\"basic\",\"token\"]");
        assertThat(p.get("auth").get("x-enum-labels").toString())
                .isEqualTo("{\"none\":\"None\",\"basic\":\"Basic\",\"token\":\"Bearer token\"}");
        assertThat(p.get("auth").get("x-widget").asString()).isEqualTo("select");
        assertThat(p.get("user").get("x-visible-when").toString()).isEqualTo("{\"field\":\"auth\",\"values\":[\"basic\"]}");
        assertThat(p.get("tags").toString()).isEqualTo("{\"type\":\"array\",\"title\":\"Tags\","
                + "\"items\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"},\"default\":[\"a\",\"b\"],"
                + "\"x-group\":\"advanced\",\"x-order\":6,\"x-widget\":\"list\"}");
        assertThat(p.get("headers").toString()).isEqualTo("{\"type\":\"object\",\"title\":\"Headers\","
                + "\"additionalProperties\":{\"type\":\"string\"},\"x-secret-keys\":[\"*token*\",\"authorization\"],"
                + "\"default\":{\"x-env\":\"dev\"},\"x-group\":\"advanced\",\"x-order\":7,\"x-widget\":\"map\"}");
        assertThat(p.get("servers").get("minItems").asInt()).isEqualTo(1);
        assertThat(p.get("servers").get("x-order").asInt()).isZero();
    }

    @Test
    void uiHintsAreNotReportedAsUnknownKeywords() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger networknt = (Logger) LoggerFactory.getLogger("com.networknt");
        networknt.addAppender(logs);
        try {
            ConfigSchemas.validate(SCHEMA, valid());
        } finally {
            networknt.detachAppender(logs);
        }
        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    // ---- validation ----

    private static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put("url", "https://example.com/hook");
        values.put("servers", List.of("s1:1", "s2:2"));
        return values;
    }

    @Test
    void defaultsApplyAndValuesHaveTheirJavaTypes() {
        SchemaValidation result = ConfigSchemas.validate(SCHEMA, valid());

        assertThat(result.ok()).isTrue();
        Config config = result.config();
        assertThat(config.asMap()).containsExactly(
                entry("url", "https://example.com/hook"), entry("port", 443L), entry("tls", true),
                entry("auth", "none"), entry("tags", List.of("a", "b")), entry("headers", Map.of("x-env", "dev")),
                entry("servers", List.of("s1:1", "s2:2")));
        assertThat(config.asMap().get("port")).isInstanceOf(Long.class);
        assertThat(config.getInt("port", 0)).isEqualTo(443);
    }

    @Test
    void formValuesAreCoercedToTheFieldType() {
        Map<String, Object> values = valid();
        values.put("port", " 8443 ");
        values.put("tls", "off");
        values.put("password", 12345);
        values.put("auth", " basic ");
        values.put("user", "");
        values.put("tags", "x, y\nz");
        values.put("headers", Map.of("retries", 3));
        values.put("servers", new Object[]{"s1", 2});

        SchemaValidation result = ConfigSchemas.validate(SCHEMA, values);

        assertThat(result.errors()).isEmpty();
        assertThat(result.config().asMap()).contains(entry("port", 8443L), entry("tls", false), entry("password", "12345"),
                entry("auth", "basic"), entry("tags", List.of("x", "y", "z")), entry("headers", Map.of("retries", "3")),
                entry("servers", List.of("s1", "2")));
        assertThat(result.config().has("user")).as("blank optional text is absent").isFalse();
        assertThat(ConfigSchemas.validate(SCHEMA, with("tls", "on")).config().getBoolean("tls", false)).isTrue();
        assertThat(ConfigSchemas.validate(SCHEMA, with("port", 80.0)).config().getLong("port", 0)).isEqualTo(80);
        assertThat(ConfigSchemas.validate(SCHEMA, with("port", 80)).config().asMap().get("port")).isEqualTo(80L);
    }

    @Test
    void eachFieldTypeReportsItsErrors() {
        assertThat(errorsFor("url", null)).containsExactly(new FieldError("url", "URL is required"));
        assertThat(errorsFor("url", "   ")).containsExactly(new FieldError("url", "URL is required"));
        assertThat(errorsFor("url", "ftp://x")).containsExactly(new FieldError("url", "URL must match the pattern ^https?://.+$"));
        assertThat(errorsFor("url", List.of("x"))).containsExactly(new FieldError("url", "URL must be text"));
        assertThat(errorsFor("password", Map.of())).containsExactly(new FieldError("password", "Password must be text"));
        assertThat(errorsFor("port", "abc")).containsExactly(new FieldError("port", "Port must be a whole number"));
        assertThat(errorsFor("port", 1.5)).containsExactly(new FieldError("port", "Port must be a whole number"));
        assertThat(errorsFor("port", "99999999999999999999")).containsExactly(new FieldError("port", "Port must be at most 65535"));
        assertThat(ConfigSchemas.validate(ConfigSchema.builder().integer("n", f -> f.title("N")).build(),
                Map.of("n", new java.math.BigInteger("-99999999999999999999"))).errors())
                .containsExactly(new FieldError("n", "N is too small"));
        assertThat(errorsFor("port", 0)).containsExactly(new FieldError("port", "Port must be at least 1"));
        assertThat(errorsFor("port", "70000")).containsExactly(new FieldError("port", "Port must be at most 65535"));
        assertThat(errorsFor("tls", "maybe")).containsExactly(new FieldError("tls", "TLS must be true or false"));
        assertThat(errorsFor("auth", "kerberos"))
                .containsExactly(new FieldError("auth", "Authentication must be one of: none, basic, token"));
        assertThat(errorsFor("tags", List.of("ok", "NOT"))).containsExactly(
                new FieldError("tags[1]", "Tags item 2 must match the pattern ^[a-z]+$"));
        assertThat(errorsFor("tags", Arrays.asList("ok", List.of("x"))))
                .containsExactly(new FieldError("tags[1]", "Tags item 2 must be text"));
        assertThat(errorsFor("tags", Map.of("a", "b"))).containsExactly(new FieldError("tags", "Tags must be a list of text"));
        assertThat(errorsFor("headers", Map.of("k", List.of())))
                .containsExactly(new FieldError("headers.k", "Headers 'k' must be text"));
        assertThat(errorsFor("headers", "x"))
                .containsExactly(new FieldError("headers", "Headers must be an object with text values"));
        assertThat(errorsFor("servers", List.of())).containsExactly(new FieldError("servers", "Servers needs at least one item"));
    }

    @Test
    void allErrorsAreReportedAtOnceIncludingUnknownFields() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", "");
        values.put("port", 0);
        values.put("tls", "perhaps");
        values.put("auth", "other");
        values.put("colour", "blue");

        SchemaValidation result = ConfigSchemas.validate(SCHEMA, values);

        assertThat(result.ok()).isFalse();
        assertThat(result.config().asMap()).as("only fields that passed")
                .doesNotContainKeys("colour", "url", "servers", "port", "tls", "auth");
        assertThat(result.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("colour", "url", "servers", "port", "tls", "auth");
        assertThat(result.errors()).contains(new FieldError("colour", "Unknown field 'colour'"));
    }

    @Test
    void onFailureTheConfigKeepsTheFieldsThatPassedForThePluginsOwnRules() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("port", 0);
        values.put("tls", "true");

        SchemaValidation result = ConfigSchemas.validate(SCHEMA, values);

        assertThat(result.ok()).isFalse();
        assertThat(result.config().asMap()).containsEntry("tls", true).doesNotContainKey("port");
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> values = valid();
        values.put(field, value);
        return values;
    }

    private static List<FieldError> errorsFor(String field, Object value) {
        return ConfigSchemas.validate(SCHEMA, with(field, value)).errors();
    }

    // ---- secrets ----

    @Test
    void maskHidesSecretFieldsAndSecretMapKeys() {
        Map<String, Object> stored = new LinkedHashMap<>(valid());
        stored.put("password", "hunter2");
        stored.put("headers", Map.of("X-Api-Token", "t0k3n", "Authorization", "Basic abc", "x-env", "prod"));
        Map<String, Object> original = new LinkedHashMap<>(stored);

        Map<String, Object> masked = ConfigSchemas.mask(SCHEMA, stored);

        assertThat(masked).containsEntry("password", ConfigSchemas.MASK).containsEntry("url", "https://example.com/hook");
        assertThat(masked.get("headers")).isEqualTo(
                Map.of("X-Api-Token", ConfigSchemas.MASK, "Authorization", ConfigSchemas.MASK, "x-env", "prod"));
        assertThat(stored).as("input untouched").isEqualTo(original);
        assertThat(ConfigSchemas.mask(SCHEMA, Map.of("password", ""))).containsEntry("password", "");
        assertThat(ConfigSchemas.mask(SCHEMA, Map.of())).doesNotContainKey("password");
    }

    @Test
    void keepSecretsRestoresMaskedOrOmittedSecrets() {
        Map<String, Object> stored = new LinkedHashMap<>(valid());
        stored.put("password", "hunter2");
        stored.put("headers", Map.of("x-token", "t0k3n", "x-env", "prod"));

        Map<String, Object> masked = ConfigSchemas.mask(SCHEMA, stored);
        assertThat(ConfigSchemas.keepSecrets(SCHEMA, masked, stored)).isEqualTo(stored);

        Map<String, Object> omitted = new LinkedHashMap<>(valid());
        assertThat(ConfigSchemas.keepSecrets(SCHEMA, omitted, stored)).containsEntry("password", "hunter2");

        Map<String, Object> changed = new LinkedHashMap<>(masked);
        changed.put("password", "new-secret");
        changed.put("headers", Map.of("x-token", ConfigSchemas.MASK, "x-new-token", ConfigSchemas.MASK, "x-env", "test"));
        Map<String, Object> kept = ConfigSchemas.keepSecrets(SCHEMA, changed, stored);
        assertThat(kept).containsEntry("password", "new-secret");
        assertThat(kept.get("headers")).as("a new key sent masked has nothing to keep")
                .isEqualTo(Map.of("x-token", "t0k3n", "x-env", "test"));

        Map<String, Object> nothingStored = ConfigSchemas.keepSecrets(SCHEMA, Map.of("password", ConfigSchemas.MASK), Map.of());
        assertThat(nothingStored).as("the mask itself is never kept").doesNotContainKey("password");
    }
}
