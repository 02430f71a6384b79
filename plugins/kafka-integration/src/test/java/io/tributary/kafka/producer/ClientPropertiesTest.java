package io.tributary.kafka.producer;

import io.tributary.kafka.config.KafkaSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.tributary.kafka.TestConfigs.config;
import static io.tributary.kafka.config.KafkaConfigSchema.*;
import static org.assertj.core.api.Assertions.assertThat;

class ClientPropertiesTest {

    @Test
    void fieldsBecomeProducerProperties() {
        KafkaSettings s = KafkaSettings.from(config(BOOTSTRAP_SERVERS, "k:9092", RETRIES, 3, BATCH_SIZE, 100,
                LINGER, 7, BUFFER_MEMORY, 1000, ACKS, "all", COMPRESSION, "zstd"));
        Map<String, Object> p = ClientProperties.producer(s, "cid");
        assertThat(p).containsEntry("bootstrap.servers", "k:9092").containsEntry("client.id", "cid")
                .containsEntry("retries", 3).containsEntry("batch.size", 100).containsEntry("linger.ms", 7)
                .containsEntry("buffer.memory", 1000L).containsEntry("acks", "all")
                .containsEntry("compression.type", "zstd").containsEntry("max.block.ms", 10_000L);
    }

    @Test
    void clientIdIsPrefixIntegrationAndNode() {
        KafkaSettings s = KafkaSettings.from(config());
        assertThat(ClientProperties.clientId(s, "id-1", "node-a")).isEqualTo("tbmq-ie-kafka-producer-id-1-node-a");
    }

    @Test
    void otherPropertiesWinButMaxBlockStaysBounded() {
        KafkaSettings s = KafkaSettings.from(config(OTHER_PROPERTIES,
                Map.of("acks", "1", "max.block.ms", "600000", "enable.idempotence", "false")));
        Map<String, Object> p = ClientProperties.producer(s, "cid");
        assertThat(p).containsEntry("acks", "1").containsEntry("enable.idempotence", "false")
                .containsEntry("max.block.ms", 10_000L);
        KafkaSettings lower = KafkaSettings.from(config(OTHER_PROPERTIES, Map.of("max.block.ms", "2000")));
        assertThat(ClientProperties.producer(lower, "cid")).containsEntry("max.block.ms", 2000L);
    }

    @Test
    void literalBackslashNInPemValuesBecomesNewline() {
        String oneLine = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----";
        KafkaSettings s = KafkaSettings.from(config(OTHER_PROPERTIES, Map.of(
                "ssl.truststore.certificates", oneLine, "ssl.keystore.key", oneLine,
                "ssl.keystore.certificate.chain", oneLine, "ssl.truststore.location", "C:\\new\\store")));
        Map<String, Object> p = ClientProperties.producer(s, "cid");
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        assertThat(p).containsEntry("ssl.truststore.certificates", pem).containsEntry("ssl.keystore.key", pem)
                .containsEntry("ssl.keystore.certificate.chain", pem)
                .containsEntry("ssl.truststore.location", "C:\\new\\store");
    }

    @Test
    void adminGetsConnectionSettingsOnly() {
        KafkaSettings s = KafkaSettings.from(config(OTHER_PROPERTIES, Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN", "linger.ms", "5")));
        Map<String, Object> p = ClientProperties.admin(s, "cid-admin", Duration.ofSeconds(5));
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("request.timeout.ms", 5000).doesNotContainKey("linger.ms");
    }
}
