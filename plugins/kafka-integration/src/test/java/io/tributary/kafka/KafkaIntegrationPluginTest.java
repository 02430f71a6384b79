package io.tributary.kafka;

import io.tributary.plugin.api.config.Config;
import io.tributary.plugin.api.config.ConfigSchema;
import io.tributary.plugin.api.config.EnumOption;
import io.tributary.plugin.api.config.Field;
import io.tributary.plugin.api.config.FieldType;
import io.tributary.plugin.api.config.Group;
import io.tributary.plugin.api.runtime.CreateInput;
import io.tributary.plugin.api.runtime.Integration;
import io.tributary.plugin.api.runtime.IntegrationContext;
import io.tributary.plugin.testkit.KitContext;
import io.tributary.plugin.testkit.SampleMessages;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.tributary.kafka.TestConfigs.config;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin without a Kafka cluster: identity, schema, extension index and lifecycle edges. */
class KafkaIntegrationPluginTest {
    private final KafkaIntegrationPlugin plugin = new KafkaIntegrationPlugin();

    @Test
    void identity() {
        assertThat(plugin.type()).isEqualTo("KAFKA");
        assertThat(plugin.displayName()).isEqualTo("Kafka");
        assertThat(plugin.description()).isNotBlank();
    }

    @Test
    void pf4jIndexListsTheExtension() throws Exception {
        URL index = KafkaIntegrationPlugin.class.getResource("/META-INF/extensions.idx");
        assertThat(index).isNotNull();
        try (InputStream in = index.openStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains(KafkaIntegrationPlugin.class.getName());
        }
    }

    @Test
    void schemaHasEveryFieldOfTheIssueTableWithItsDefault() {
        ConfigSchema schema = plugin.configSchema();
        assertThat(schema.fields()).extracting(Field::name).containsExactlyInAnyOrder(SEND_ONLY_MSG_PAYLOAD,
                BOOTSTRAP_SERVERS, TOPIC, KEY, CLIENT_ID_PREFIX, RETRIES, BATCH_SIZE, LINGER, BUFFER_MEMORY, ACKS,
                COMPRESSION, OTHER_PROPERTIES, KAFKA_HEADERS, KAFKA_HEADERS_CHARSET, USER_PROPERTIES_AS_HEADERS,
                ALLOW_FROM_SAME_TOPIC);
        assertThat(schema.fields()).allSatisfy(f -> assertThat(f.description()).isNotBlank());
        assertThat(schema.groups()).extracting(Group::title)
                .containsExactly("Connection", "Record", "Delivery", "Security & advanced");

        assertField(schema, SEND_ONLY_MSG_PAYLOAD, FieldType.BOOLEAN, false);
        assertField(schema, BOOTSTRAP_SERVERS, FieldType.STRING, "localhost:9092");
        assertField(schema, TOPIC, FieldType.STRING, "tbmq.messages");
        assertField(schema, KEY, FieldType.STRING, "");
        assertField(schema, CLIENT_ID_PREFIX, FieldType.STRING, "tbmq-ie-kafka-producer");
        assertField(schema, RETRIES, FieldType.INTEGER, 0L);
        assertField(schema, BATCH_SIZE, FieldType.INTEGER, 16384L);
        assertField(schema, LINGER, FieldType.INTEGER, 0L);
        assertField(schema, BUFFER_MEMORY, FieldType.INTEGER, 33554432L);
        assertField(schema, ACKS, FieldType.ENUM, "-1");
        assertField(schema, COMPRESSION, FieldType.ENUM, "none");
        assertField(schema, OTHER_PROPERTIES, FieldType.STRING_MAP, Map.of());
        assertField(schema, KAFKA_HEADERS, FieldType.STRING_MAP, Map.of());
        assertField(schema, KAFKA_HEADERS_CHARSET, FieldType.ENUM, "UTF-8");
        assertField(schema, USER_PROPERTIES_AS_HEADERS, FieldType.BOOLEAN, false);
        // loop protection on unless the operator allows messages from the target topic
        assertField(schema, ALLOW_FROM_SAME_TOPIC, FieldType.BOOLEAN, false);

        assertThat(options(schema, ACKS)).containsExactlyInAnyOrder("all", "-1", "1", "0");
        assertThat(options(schema, COMPRESSION)).containsExactly("none", "gzip", "snappy", "lz4", "zstd");
        assertThat(options(schema, KAFKA_HEADERS_CHARSET))
                .containsExactly("US-ASCII", "ISO-8859-1", "UTF-8", "UTF-16BE", "UTF-16LE", "UTF-16");
        assertThat(schema.field(BOOTSTRAP_SERVERS).orElseThrow().required()).isTrue();
        assertThat(schema.field(TOPIC).orElseThrow().required()).isTrue();
        assertThat(schema.field(RETRIES).orElseThrow().minimum()).isZero();

        Field other = schema.field(OTHER_PROPERTIES).orElseThrow();
        assertThat(other.isSecretKey("sasl.jaas.config")).isTrue();
        assertThat(other.isSecretKey("ssl.keystore.password")).isTrue();
        assertThat(other.isSecretKey("basic.auth.user.info.SECRET")).isTrue();
        assertThat(other.isSecretKey("sasl.mechanism")).isFalse();
    }

    private static void assertField(ConfigSchema schema, String name, FieldType type, Object defaultValue) {
        Field f = schema.field(name).orElseThrow();
        assertThat(f.type()).as(name).isEqualTo(type);
        assertThat(f.defaultValue()).as(name).isEqualTo(defaultValue);
    }

    private static List<String> options(ConfigSchema schema, String name) {
        return schema.field(name).orElseThrow().options().stream().map(EnumOption::value).toList();
    }

    @Test
    void startRefusesATopicThatIsIllegalForThisIntegration() throws Exception {
        // "Kafka integration" contains a space: only known once the name is
        KitContext context = new KitContext(KafkaIntegrationPlugin.TYPE, Map.of()).named("Kafka integration");
        Integration it = create(config(TOPIC, "${integrationName}"), context);
        List<String> refused = new ArrayList<>();
        it.start(() -> context, refused::add);
        assertThat(refused).singleElement().asString().startsWith("topic: ");
        it.stop(() -> Duration.ofSeconds(1));
    }

    @Test
    void processBeforeStartFails() {
        Integration it = create(config(), new KitContext(KafkaIntegrationPlugin.TYPE, Map.of()));
        assertThatThrownBy(() -> it.process(SampleMessages.temperature("tbmq/kafka-integration")).toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopLeavesNoThreadBehind() throws Exception {
        KitContext context = new KitContext(KafkaIntegrationPlugin.TYPE, Map.of());
        Integration it = create(config(BOOTSTRAP_SERVERS, "localhost:1"), context);
        it.start(() -> context, reason -> {
            throw new AssertionError(reason);
        });
        assertThat(threadsOf(context)).isNotEmpty();
        // a send blocked waiting for metadata of a cluster that never answers
        CompletableFuture<Void> blocked = CompletableFuture.supplyAsync(() -> it.process(SampleMessages.temperature("tbmq/kafka-integration")))
                .thenCompose(stage -> stage);
        Thread.sleep(300);
        long started = System.nanoTime();
        it.stop(() -> Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(threadsOf(context)).isEmpty();
        assertThatThrownBy(() -> blocked.get(2, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    private static List<String> threadsOf(IntegrationContext context) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.contains(context.integrationId())).toList();
    }

    private Integration create(Config config, IntegrationContext context) {
        return plugin.create(new CreateInput() {
            @Override
            public Config config() {
                return config;
            }

            @Override
            public IntegrationContext context() {
                return context;
            }
        });
    }
}
