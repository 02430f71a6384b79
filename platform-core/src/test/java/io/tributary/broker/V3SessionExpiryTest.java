package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * session.max-expiry-seconds-v3: an MQTT 3.1.1 persistent session cannot ask for an expiry, so it
 * gets the configured one (7 days by default) instead of living forever.
 */
class V3SessionExpiryTest {

    @Test
    void aPersistent311SessionEndsTheConfiguredTimeAfterItsClientLeft() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.max-expiry-seconds-v3", "1"))) {
            assertThat(connectV3(broker)).as("first connect: no session").isFalse();
            assertThat(broker.core().sessions().get("v3-persistent")).isNotNull();
            await().until(() -> broker.core().sessions().get("v3-persistent") == null);
            assertThat(connectV3(broker)).as("session present after expiry").isFalse();
        }
    }

    @Test
    void byDefaultSevenDaysAndMqtt5SessionsAreNotAffected() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            assertThat(connectV3(broker)).isFalse();
            assertThat(broker.core().sessions().get("v3-persistent").expirySeconds()).isEqualTo(7 * 24 * 3600);
            assertThat(connectV3(broker)).as("the session is kept across a reconnect").isTrue();

            Mqtt5BlockingClient v5 = hive(broker, "v5-persistent").buildBlocking();
            v5.connectWith().cleanStart(false).sessionExpiryInterval(30 * 24 * 3600).send();
            assertThat(broker.core().sessions().get("v5-persistent").expirySeconds()).isEqualTo(30 * 24 * 3600);
            v5.disconnect();
        }
    }

    /** Connects with clean session off, subscribes, disconnects; returns "session present". */
    private static boolean connectV3(TestBroker broker) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.tcpUri(), "v3-persistent", new MemoryPersistence());
        try {
            IMqttToken token = c.connect(v3Options(false));
            token.waitForCompletion(5000);
            boolean present = token.getSessionPresent();
            c.subscribe("v3/#", 1).waitForCompletion(5000);
            c.disconnect().waitForCompletion(5000);
            return present;
        } finally {
            c.close();
        }
    }
}
