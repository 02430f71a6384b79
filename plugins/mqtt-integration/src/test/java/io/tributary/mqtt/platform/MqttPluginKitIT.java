package io.tributary.mqtt.platform;

import io.tributary.plugin.testkit.PluginTestKit;
import io.tributary.plugin.testkit.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test kit's generic checks against the zip {@code mvn package} built, loaded by the
 * platform's real plugin host, with a second Tributary broker as the remote broker.
 */
class MqttPluginKitIT {
    private static TestPlatform remote;
    private static PluginTestKit kit;

    @BeforeAll
    static void startRemote() {
        remote = TestPlatform.builder().config("node.id", "remote").start();
        kit = PluginTestKit.forZip(PluginTestKit.builtZip()).type("MQTT")
                .validConfig(Map.of("host", "127.0.0.1", "port", remote.mqttPort(),
                        "topicPrefix", "kit/", "reconnectInitialDelayMs", 100))
                // the remote broker runs in this JVM: its event loop threads start as the bridge connects
                .ignoreThreads("mqtt-(io|timer|accept)-.*");
    }

    @AfterAll
    static void stopRemote() {
        remote.close();
    }

    @Test
    void schemaIsWellFormedAndDefaultsAreValid() {
        kit.assertSchemaWellFormed();
        assertThat(kit.assertValid(Map.of("host", "broker.example.com")).asMap())
                .containsEntry("port", 1883L)
                .containsEntry("mqttVersion", "5")
                .containsEntry("topicName", "${topic}")
                .containsEntry("qos", "asPublished")
                .containsEntry("retain", "asPublished")
                .containsEntry("ssl", false)
                .containsEntry("cleanSession", true);
    }

    @Test
    void invalidValuesAreReportedOnTheirFields() {
        kit.assertInvalid(Map.of("port", 0), "port");
        kit.assertInvalid(Map.of("host", "tcp://broker:1883"), "host");
        kit.assertInvalid(Map.of("qos", "3"), "qos");
        kit.assertInvalid(Map.of("topicName", "out/${nope}"), "topicName");
        kit.assertInvalid(Map.of("topicName", "out/#"), "topicName");
        kit.assertInvalid(Map.of("mqttVersion", "3.1.1", "password", "p"), "username");
        kit.assertInvalid(Map.of("ssl", true, "tlsTrust", "pem", "caCertificate", "junk"), "caCertificate");
        kit.assertInvalid(Map.of("ssl", true, "clientCertificate", "junk"), "clientCertificate", "clientKey");
        kit.assertInvalid(Map.of("reconnectInitialDelayMs", 90_000, "reconnectMaxDelaySec", 60), "reconnectMaxDelaySec");
    }

    @Test
    void startAndStopAreIdempotent() {
        kit.assertStartStopIdempotent();
    }

    @Test
    void everyMessageIsAcknowledgedByTheRemoteBroker() {
        kit.assertProcessSucceeds(Duration.ofSeconds(10));
    }

    @Test
    void anUnreachableBrokerStillCompletesEveryMessage() {
        PluginTestKit down = PluginTestKit.forZip(PluginTestKit.builtZip()).type("MQTT")
                .validConfig(Map.of("host", "127.0.0.1", "port", 9, "reconnectInitialDelayMs", 100,
                        "connectTimeoutSec", 1));
        down.assertProcessCompletes(Duration.ofSeconds(10));
    }

    @Test
    void noThreadSurvivesStop() {
        kit.assertNoThreadLeak(Duration.ofSeconds(10));
    }

    /**
     * Needs the RxJava schedulers shut down with the last client ({@code RxSchedulers}) and Netty's
     * thread-locals dropped from the platform's threads after each call ({@code CallerThread}).
     */
    @Test
    void theClassLoaderIsFreedAfterUnload() {
        kit.assertClassLoaderReleased(Duration.ofSeconds(30));
    }
}
