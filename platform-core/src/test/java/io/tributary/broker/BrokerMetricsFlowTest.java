package io.tributary.broker;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.broker.metrics.BrokerMetrics.Drop;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drop reasons and disconnect reasons the platform test does not provoke, counted exactly:
 * a full offline queue, messages that expire while queued, a session taken over.
 */
class BrokerMetricsFlowTest {
    @Test
    void aFullOfflineQueueCountsEachDroppedMessage() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.max-queued-messages", "5"))) {
            MqttClient sub = pahoV3(broker, "bounded");
            sub.connect(v3Options(false));
            sub.subscribe("flood/#", 1);
            sub.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("bounded") == null);
            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            for (int i = 0; i < 8; i++) {
                pub.publish("flood/x", utf8("m" + i), 1, false);
            }
            assertThat(broker.core().metrics().droppedCount(Drop.QUEUE_FULL)).isEqualTo(3);
            assertThat(gauge(broker, "tributary.mqtt.sessions", "state", "offline")).isEqualTo(1);
            assertThat(gauge(broker, "tributary.mqtt.sessions", "state", "online")).isEqualTo(1);
            closeQuietly(pub);
            closeQuietly(sub);
        }
    }

    @Test
    void messagesThatExpireWhileQueuedAreCountedAsExpired() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient sub = hive(broker, "offline").buildBlocking();
            sub.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
            sub.subscribeWith().topicFilter("exp/#").qos(MqttQos.AT_LEAST_ONCE).send();
            sub.disconnect();
            await().until(() -> !broker.core().sessions().get("offline").online());
            Mqtt5BlockingClient pub = hive(broker, "pub5").buildBlocking();
            pub.connect();
            pub.publishWith().topic("exp/short").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("a"))
                    .messageExpiryInterval(1).send();
            pub.publishWith().topic("exp/long").qos(MqttQos.AT_LEAST_ONCE).payload(utf8("b"))
                    .messageExpiryInterval(60).send();
            pub.disconnect();
            Thread.sleep(2100); // let the short one expire in the queue
            sub.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> broker.core().metrics().droppedCount(Drop.EXPIRED) == 1);
            sub.disconnect();
        }
    }

    @Test
    void aTakeoverEndsTheOldConnectionWithReasonTakeover() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttClient first = pahoV3(broker, "same-id");
            first.connect(v3Options(true));
            MqttClient second = pahoV3(broker, "same-id");
            second.connect(v3Options(true));
            MeterRegistry registry = broker.core().metrics().registry();
            assertThat(registry.get("tributary.mqtt.disconnects").tag("reason", "takeover").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("tributary.mqtt.connects").tag("result", "accepted").counter().count())
                    .isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> gauge(broker, "tributary.mqtt.connections",
                    "listener", "tcp", "protocol", "3.1.1") == 1);
            closeQuietly(first);
            closeQuietly(second);
        }
    }

    private static double gauge(TestBroker broker, String name, String... tags) {
        return broker.core().metrics().registry().get(name).tags(tags).gauge().value();
    }
}
