package io.tributary.kafka.producer;

import io.tributary.kafka.config.KafkaSettings;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
    void seedDefaultsRetriesZeroTurnIdempotenceOffExplicitly() {
        KafkaSettings s = KafkaSettings.from(config());
        assertThat(ClientProperties.producer(s, "cid")).containsEntry("enable.idempotence", false);
        assertThat(ClientProperties.idempotence(s).describe()).isEqualTo("idempotent producer off (retries=0)");
    }

    @Test
    void retriesAndAcksAllTurnIdempotenceOn() {
        for (String acks : List.of("-1", "all")) {
            KafkaSettings s = KafkaSettings.from(config(RETRIES, 3, ACKS, acks));
            assertThat(ClientProperties.producer(s, "cid")).as(acks).containsEntry("enable.idempotence", true);
            assertThat(ClientProperties.idempotence(s).describe()).isEqualTo("idempotent producer on");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0"})
    void acksOtherThanAllTurnIdempotenceOff(String acks) {
        KafkaSettings s = KafkaSettings.from(config(RETRIES, 3, ACKS, acks));
        assertThat(ClientProperties.producer(s, "cid")).containsEntry("enable.idempotence", false);
        assertThat(ClientProperties.idempotence(s).describe()).isEqualTo("idempotent producer off (acks=" + acks + ")");
    }

    @Test
    void moreThanFiveInFlightTurnsIdempotenceOff() {
        KafkaSettings six = KafkaSettings.from(config(RETRIES, 3,
                OTHER_PROPERTIES, Map.of("max.in.flight.requests.per.connection", "6")));
        assertThat(ClientProperties.producer(six, "cid")).containsEntry("enable.idempotence", false);
        assertThat(ClientProperties.idempotence(six).describe())
                .isEqualTo("idempotent producer off (max.in.flight.requests.per.connection=6)");
        KafkaSettings five = KafkaSettings.from(config(RETRIES, 3,
                OTHER_PROPERTIES, Map.of("max.in.flight.requests.per.connection", "5")));
        assertThat(ClientProperties.producer(five, "cid")).containsEntry("enable.idempotence", true);
    }

    @Test
    void everyConflictIsNamed() {
        KafkaSettings s = KafkaSettings.from(config(ACKS, "1",
                OTHER_PROPERTIES, Map.of("max.in.flight.requests.per.connection", "10")));
        assertThat(ClientProperties.idempotence(s).conflicts())
                .containsExactly("acks=1", "retries=0", "max.in.flight.requests.per.connection=10");
    }

    @Test
    void retriesAndAcksFromOtherPropertiesCount() {
        KafkaSettings retries = KafkaSettings.from(config(RETRIES, 0, OTHER_PROPERTIES, Map.of("retries", "5")));
        assertThat(ClientProperties.producer(retries, "cid")).containsEntry("enable.idempotence", true);
        KafkaSettings acks = KafkaSettings.from(config(RETRIES, 3, OTHER_PROPERTIES, Map.of("acks", "1")));
        assertThat(ClientProperties.producer(acks, "cid")).containsEntry("enable.idempotence", false);
    }

    @Test
    void usersExplicitValueWins() {
        KafkaSettings off = KafkaSettings.from(config(RETRIES, 3, OTHER_PROPERTIES, Map.of("enable.idempotence", "false")));
        assertThat(ClientProperties.producer(off, "cid")).containsEntry("enable.idempotence", "false");
        assertThat(ClientProperties.idempotence(off).describe())
                .isEqualTo("idempotent producer off (enable.idempotence=false in otherProperties)");
        KafkaSettings on = KafkaSettings.from(config(RETRIES, 3, OTHER_PROPERTIES, Map.of("enable.idempotence", " TRUE ")));
        assertThat(ClientProperties.producer(on, "cid")).containsEntry("enable.idempotence", " TRUE ");
        assertThat(ClientProperties.idempotence(on).enabled()).isTrue();
        // true with retries=0: kept as the user wrote it (validation reports it, see KafkaConfigValidatorTest)
        KafkaSettings conflicting = KafkaSettings.from(config(OTHER_PROPERTIES, Map.of("enable.idempotence", "true")));
        assertThat(ClientProperties.producer(conflicting, "cid")).containsEntry("enable.idempotence", "true");
        assertThat(ClientProperties.idempotence(conflicting).misconfigured()).isTrue();
    }

    /** The decision is the one kafka-clients itself makes, and never makes it throw. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 | -1  | ''                                            | false",
            "3 | -1  | ''                                            | true",
            "3 | all | ''                                            | true",
            "3 | 1   | ''                                            | false",
            "3 | 0   | ''                                            | false",
            "3 | -1  | max.in.flight.requests.per.connection=6       | false",
            "0 | -1  | max.in.flight.requests.per.connection=6       | false",
            "3 | 1   | max.in.flight.requests.per.connection=6       | false",
            "3 | -1  | max.in.flight.requests.per.connection=1       | true",
            "0 | -1  | retries=2                                     | true",
            "3 | -1  | enable.idempotence=false                      | false",
            "3 | -1  | max.in.flight.requests.per.connection=6,enable.idempotence=false | false"})
    void kafkaClientsAgreeAndAcceptTheConfiguration(int retries, String acks, String other, boolean idempotent) {
        Map<String, String> others = new HashMap<>();
        for (String kv : other.isBlank() ? new String[0] : other.split(",")) {
            others.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        KafkaSettings s = KafkaSettings.from(config(RETRIES, retries, ACKS, acks, OTHER_PROPERTIES, others));
        Map<String, Object> props = new HashMap<>(ClientProperties.producer(s, "cid"));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        ProducerConfig kafka = new ProducerConfig(props);
        assertThat(kafka.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo(idempotent);
        assertThat(ClientProperties.idempotence(s).enabled()).isEqualTo(idempotent);
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
