package io.tributary.broker;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.tributary.broker.session.Session;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.LifecycleClients.Inbox;
import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.hive;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clean session (3.1.1), clean start and session expiry (5.0), offline queueing and its bound. */
class SessionTest {

    @Test
    void persistentSessionKeepsSubscriptionsAndQueuesQos1And2WhileOffline() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttClient sub = pahoV3(broker, "durable");
            sub.connect(v3Options(false));
            sub.subscribe("orders/#", 2);
            sub.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("durable") == null);

            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            pub.publish("orders/1", utf8("q1"), 1, false);
            pub.publish("orders/2", utf8("q2"), 2, false);
            pub.publish("orders/3", utf8("q0"), 0, false); // QoS 0 is not queued for offline clients
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> broker.core().sessions().get("durable").queuedCount() == 2);

            Inbox inbox = new Inbox();
            sub.setCallback(inbox);
            IMqttToken token = sub.connectWithResult(v3Options(false));
            assertThat(token.getSessionPresent()).isTrue();
            // no SUBSCRIBE after reconnecting: the session kept it
            assertThat(List.of(inbox.next(5000), inbox.next(5000))).containsExactly("orders/1=q1", "orders/2=q2");
            assertThat(inbox.next(300)).isNull();

            pub.publish("orders/4", utf8("live"), 1, false);
            assertThat(inbox.next(5000)).isEqualTo("orders/4=live");
            closeQuietly(sub);
            closeQuietly(pub);
        }
    }

    @Test
    void cleanSessionForgetsEverythingOnDisconnect() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttClient sub = pahoV3(broker, "forgetful");
            sub.connect(v3Options(true));
            sub.subscribe("news/#", 1);
            sub.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().sessions().get("forgetful") == null);

            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            pub.publish("news/1", utf8("missed"), 1, false);

            Inbox inbox = new Inbox();
            sub.setCallback(inbox);
            IMqttToken token = sub.connectWithResult(v3Options(true));
            assertThat(token.getSessionPresent()).isFalse();
            pub.publish("news/2", utf8("also missed: no subscription any more"), 1, false);
            assertThat(inbox.next(500)).isNull();
            closeQuietly(sub);
            closeQuietly(pub);
        }
    }

    @Test
    void cleanSessionConnectDiscardsAnEarlierPersistentSession() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttClient sub = pahoV3(broker, "switcher");
            sub.connect(v3Options(false));
            sub.subscribe("sw/#", 1);
            sub.disconnect();
            assertThat(sub.connectWithResult(v3Options(true)).getSessionPresent()).isFalse();
            sub.disconnect();
            // and the persistent one does not come back either
            assertThat(sub.connectWithResult(v3Options(false)).getSessionPresent()).isFalse();
            assertThat(broker.core().sessions().get("switcher").subscriptions()).isEmpty();
            closeQuietly(sub);
        }
    }

    @Test
    void offlineQueueIsBoundedAndCountsWhatItDrops() throws Exception {
        int max = 5;
        try (TestBroker broker = TestBroker.start(Map.of("session.max-queued-messages", String.valueOf(max)))) {
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
            Session session = broker.core().sessions().get("bounded");
            assertThat(session.queuedCount()).isEqualTo(max);
            assertThat(session.droppedCount()).isEqualTo(3);

            Inbox inbox = new Inbox();
            sub.setCallback(inbox);
            assertThat(sub.connectWithResult(v3Options(false)).getSessionPresent()).isTrue();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < max; i++) {
                got.add(inbox.next(5000));
            }
            assertThat(got).containsExactly("flood/x=m0", "flood/x=m1", "flood/x=m2", "flood/x=m3", "flood/x=m4");
            assertThat(inbox.next(500)).as("nothing beyond the bound").isNull();
            closeQuietly(sub);
            closeQuietly(pub);
        }
    }

    @Test
    void queueLongerThanTheInflightWindowIsDeliveredCompletelyInOrder() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.max-inflight", "2"))) {
            MqttClient sub = pahoV3(broker, "patient");
            sub.connect(v3Options(false));
            sub.subscribe("batch/#", 1);
            sub.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("patient") == null);

            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                pub.publish("batch/x", utf8("m" + i), 1, false);
                sent.add("batch/x=m" + i);
            }
            Inbox inbox = new Inbox();
            sub.setCallback(inbox);
            assertThat(sub.connectWithResult(v3Options(false)).getSessionPresent()).isTrue();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                got.add(inbox.next(5000));
            }
            assertThat(got).isEqualTo(sent);
            assertThat(broker.core().sessions().get("patient").droppedCount()).isZero();
            closeQuietly(sub);
            closeQuietly(pub);
        }
    }

    @Test
    void v5CleanStartFalseWithExpiryResumesTheSession() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient sub = hive(broker, "resumer").buildBlocking();
            Mqtt5ConnAck first = sub.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
            assertThat(first.isSessionPresent()).isFalse();
            sub.subscribeWith().topicFilter("v5/#").qos(MqttQos.EXACTLY_ONCE).send();
            sub.disconnect();

            Mqtt5BlockingClient pub = hive(broker, "pub5").buildBlocking();
            pub.connect();
            pub.publishWith().topic("v5/a").payload(utf8("one")).qos(MqttQos.AT_LEAST_ONCE).send();
            pub.publishWith().topic("v5/b").payload(utf8("two")).qos(MqttQos.EXACTLY_ONCE).send();

            Mqtt5BlockingClient again = hive(broker, "resumer").buildBlocking();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = again.publishes(MqttGlobalPublishFilter.ALL)) {
                Mqtt5ConnAck ack = again.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
                assertThat(ack.isSessionPresent()).isTrue();
                assertThat(payload(publishes.receive(5, TimeUnit.SECONDS))).isEqualTo("v5/a=one@1");
                assertThat(payload(publishes.receive(5, TimeUnit.SECONDS))).isEqualTo("v5/b=two@2");
            }
            again.disconnect();
            pub.disconnect();
        }
    }

    @Test
    void v5SessionExpiresAfterTheInterval() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient sub = hive(broker, "short").buildBlocking();
            sub.connectWith().cleanStart(false).sessionExpiryInterval(1).send();
            sub.subscribeWith().topicFilter("exp/#").qos(MqttQos.AT_LEAST_ONCE).send();
            sub.disconnect();
            // kept while the interval runs...
            assertThat(broker.core().sessions().get("short")).isNotNull();
            // ...and removed, subscriptions included, once it has passed
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().sessions().get("short") == null);
            assertThat(broker.core().router().subscriptionCount()).isZero();

            Mqtt5BlockingClient again = hive(broker, "short").buildBlocking();
            assertThat(again.connectWith().cleanStart(false).sessionExpiryInterval(1).send().isSessionPresent())
                    .isFalse();
            again.disconnect();
        }
    }

    @Test
    void v5SessionWithoutExpiryEndsWithTheConnection() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient sub = hive(broker, "zero").buildBlocking();
            sub.connectWith().cleanStart(false).send(); // session expiry absent: 0
            sub.subscribeWith().topicFilter("z/#").qos(MqttQos.AT_LEAST_ONCE).send();
            sub.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().sessions().get("zero") == null);
            assertThat(sub.connectWith().cleanStart(false).send().isSessionPresent()).isFalse();
            sub.disconnect();
        }
    }

    @Test
    void v5CleanStartDiscardsTheExistingSession() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient sub = hive(broker, "fresh").buildBlocking();
            sub.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
            sub.subscribeWith().topicFilter("f/#").qos(MqttQos.AT_LEAST_ONCE).send();
            sub.disconnect();
            Mqtt5ConnAck ack = sub.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
            assertThat(ack.isSessionPresent()).isFalse();
            assertThat(broker.core().sessions().get("fresh").subscriptions()).isEmpty();
            sub.disconnect();
        }
    }

    @Test
    void v5SessionExpiryIsCappedByConfigurationAndTheClientIsTold() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.max-expiry-seconds", "1"))) {
            Mqtt5BlockingClient c = hive(broker, "greedy").buildBlocking();
            Mqtt5ConnAck ack = c.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
            assertThat(ack.getSessionExpiryInterval()).hasValue(1);
            c.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().sessions().get("greedy") == null);
        }
    }

    @Test
    void v5DisconnectCanShortenTheSessionExpiry() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient sub = hive(broker, "shorten").buildBlocking();
            sub.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            sub.disconnectWith().sessionExpiryInterval(0).send();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().sessions().get("shorten") == null);
        }
    }

    private static String payload(Optional<Mqtt5Publish> p) {
        assertThat(p).isPresent();
        return p.get().getTopic() + "=" + new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8)
                + "@" + p.get().getQos().getCode();
    }
}
