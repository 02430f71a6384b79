package io.tributary.broker;

import io.tributary.broker.session.Session;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.tributary.broker.LifecycleClients.closeQuietly;
import static io.tributary.broker.LifecycleClients.pahoV3;
import static io.tributary.broker.LifecycleClients.utf8;
import static io.tributary.broker.LifecycleClients.v3Options;
import io.tributary.broker.metrics.BrokerMetrics.Drop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A QoS 1 subscriber that does not acknowledge as fast as messages come (a real Paho client that
 * acknowledges by hand): while it is connected the oldest waiting messages make room for new ones,
 * counted; what it missed while offline is kept and not displaced by live messages.
 */
class SlowSubscriberTest {

    @Test
    void connectedSubscriberThatFallsBehindGetsTheNewestMessagesAndTheOldestWaitingAreDropped() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.max-inflight", "2",
                "session.max-queued-messages-online", "3"))) {
            MqttClient sub = pahoV3(broker, "laggard");
            ManualInbox inbox = new ManualInbox(sub);
            sub.setCallback(inbox);
            sub.setManualAcks(true);
            sub.connect(v3Options(true));
            sub.subscribe("live/#", 1);

            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            for (int i = 0; i < 10; i++) {
                pub.publish("live/x", utf8("m" + i), 1, false); // acknowledged: publishers are not slowed
            }
            // m0 and m1 are in flight (not acknowledged); m2..m9 came while at most 3 may wait
            assertThat(List.of(inbox.next(), inbox.next())).containsExactly("m0", "m1");
            Session session = broker.core().sessions().get("laggard");
            assertThat(session.droppedCount()).as("m2..m6 made room for newer ones").isEqualTo(5);
            assertThat(session.queued()).extracting(d -> new String(d.message().payload(), StandardCharsets.UTF_8))
                    .containsExactly("m7", "m8", "m9");

            inbox.ackAll();
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                rest.add(inbox.next());
                inbox.ackAll();
            }
            assertThat(rest).as("the newest, in order").containsExactly("m7", "m8", "m9");
            assertThat(inbox.poll(300)).isNull();
            assertThat(session.droppedCount()).isEqualTo(5);
            assertThat(broker.core().metrics().droppedCount(Drop.SLOW_SUBSCRIBER)).isEqualTo(5);
            closeQuietly(sub);
            closeQuietly(pub);
        }
    }

    @Test
    void offlineBacklogIsKeptWhenLiveMessagesComeBehindIt() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.max-inflight", "1",
                "session.max-queued-messages", "4", "session.max-queued-messages-online", "1"))) {
            MqttClient sub = pahoV3(broker, "returning");
            sub.connect(v3Options(false));
            sub.subscribe("backlog/#", 1);
            sub.disconnect();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.core().connection("returning") == null);

            MqttClient pub = pahoV3(broker, "pub");
            pub.connect(v3Options(true));
            for (int i = 0; i < 6; i++) {
                pub.publish("backlog/x", utf8("old" + i), 1, false);
            }
            Session session = broker.core().sessions().get("returning");
            assertThat(session.droppedCount()).as("offline: the newest beyond 4 are dropped").isEqualTo(2);

            ManualInbox inbox = new ManualInbox(sub);
            sub.setCallback(inbox);
            sub.setManualAcks(true);
            assertThat(sub.connectWithResult(v3Options(false)).getSessionPresent()).isTrue();
            assertThat(inbox.next()).isEqualTo("old0"); // in flight; old1..old3 wait
            pub.publish("backlog/x", utf8("live0"), 1, false); // fits the 4 waiting behind the window
            pub.publish("backlog/x", utf8("live1"), 1, false); // does not: the backlog is not displaced

            List<String> got = new ArrayList<>(List.of("old0"));
            inbox.ackAll();
            for (int i = 0; i < 4; i++) {
                got.add(inbox.next());
                inbox.ackAll();
            }
            assertThat(got).containsExactly("old0", "old1", "old2", "old3", "live0");
            assertThat(inbox.poll(300)).isNull();
            assertThat(session.droppedCount()).isEqualTo(3);

            // backlog gone: now the live rule holds (1 waiting, the oldest makes room)
            await().atMost(Duration.ofSeconds(5)).until(() -> session.inflightCount() == 0);
            for (int i = 2; i < 5; i++) {
                pub.publish("backlog/x", utf8("live" + i), 1, false);
            }
            assertThat(inbox.next()).isEqualTo("live2"); // in flight
            inbox.ackAll();
            assertThat(inbox.next()).as("live3 made room for live4").isEqualTo("live4");
            inbox.ackAll();
            assertThat(session.droppedCount()).isEqualTo(4);
            assertThat(broker.core().metrics().droppedCount(Drop.QUEUE_FULL)).as("dropped while away").isEqualTo(3);
            assertThat(broker.core().metrics().droppedCount(Drop.SLOW_SUBSCRIBER)).as("dropped while connected").isEqualTo(1);
            closeQuietly(sub);
            closeQuietly(pub);
        }
    }

    /** Payloads in arrival order; acknowledges only when told. */
    private static final class ManualInbox implements MqttCallback {
        private final MqttClient client;
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final BlockingQueue<Integer> unacked = new LinkedBlockingQueue<>();

        ManualInbox(MqttClient client) {
            this.client = client;
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            unacked.add(message.getId());
            messages.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        String next() throws InterruptedException {
            String m = poll(5000);
            assertThat(m).as("a message within 5 s").isNotNull();
            return m;
        }

        String poll(long millis) throws InterruptedException {
            return messages.poll(millis, TimeUnit.MILLISECONDS);
        }

        void ackAll() throws Exception {
            Integer id;
            while ((id = unacked.poll()) != null) {
                client.messageArrivedComplete(id, 1);
            }
        }
    }
}
