package io.tributary.kafka.platform;

import io.tributary.kafka.TestCluster;
import io.tributary.plugin.testkit.PluginTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test kit's generic checks on the packaged zip, loaded by the platform's real plugin host,
 * against the in-process cluster: the same bar every third-party plugin has to clear.
 */
class KafkaPluginKitIT {
    private static TestCluster kafka;
    private static PluginTestKit kit;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = TestCluster.plain();
        kafka.createTopic("kit.messages", 1);
        kit = PluginTestKit.forZip(PluginTestKit.builtZip()).type("KAFKA")
                .validConfig(Map.of("bootstrapServers", kafka.bootstrap(), "topic", "kit.messages"))
                // the in-process cluster's own threads are not the plugin's
                .ignoreThreads("(kafka|broker|controller|raft|data-plane|executor|ExpirationReaper|LogDirFailureHandler"
                        + "|group-coordinator|share-coordinator|transaction|quorum|metrics|kafka-scheduler).*");
    }

    @AfterAll
    static void tearDown() throws Exception {
        kafka.close();
    }

    @Test
    void schemaIsWellFormedAndDefaultsMatchTheSeed() {
        kit.assertSchemaWellFormed();
        assertThat(kit.assertValid(Map.of()).asMap())
                .containsEntry("bootstrapServers", "localhost:9092")
                .containsEntry("topic", "tbmq.messages")
                .containsEntry("clientIdPrefix", "tbmq-ie-kafka-producer")
                .containsEntry("batchSize", 16384L)
                .containsEntry("bufferMemory", 33554432L)
                .containsEntry("acks", "-1")
                .containsEntry("compression", "none");
    }

    @Test
    void invalidValuesAreReportedOnTheirFields() {
        kit.assertInvalid(Map.of("bootstrapServers", "host-without-port"), "bootstrapServers");
        kit.assertInvalid(Map.of("linger", -1), "linger");
        kit.assertInvalid(Map.of("topic", "t.${nope}"), "topic");
        kit.assertInvalid(Map.of("otherProperties", Map.of("ssl.keystore.type", "PEM")), "otherProperties");
    }

    @Test
    void startAndStopAreIdempotent() {
        kit.assertStartStopIdempotent();
    }

    @Test
    void everyMessageIsDelivered() {
        kit.assertProcessSucceeds(Duration.ofSeconds(20));
    }

    @Test
    void noThreadSurvivesStop() {
        kit.assertNoThreadLeak(Duration.ofSeconds(10));
    }

    @Test
    void theClassLoaderIsFreedAfterUnload() {
        kit.assertClassLoaderReleased(Duration.ofSeconds(30));
    }
}
