package io.tributary.broker;

import io.tributary.broker.Clients.PahoV5;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.persistence.SessionImageCodec;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A persistent session moving from one broker to another with real clients, the two brokers'
 * cores joined directly where a cluster joins them over the node log: the client finds its
 * session (CONNACK session present), its queued messages in order and its subscriptions; what
 * publishers still route to the old broker meanwhile is relayed; nothing stays behind; a move
 * that cannot be delivered leaves the session where it was.
 */
class SessionMoveTest {
    private static final String CLIENT = "mover";
    private TestBroker a;
    private TestBroker b;

    @BeforeEach
    void start() throws Exception {
        a = TestBroker.start();
        b = TestBroker.start();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private static MqttConnectionOptions persistent(boolean cleanStart) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(3600L);
        return o;
    }

    /** B brings sessions over from A as a cluster node would, with a relay window of {@code relayMillis}. */
    private AtomicInteger locateFromA(long relayMillis) {
        AtomicInteger asked = new AtomicInteger();
        b.core().locateSessionsWith(id -> {
            asked.incrementAndGet();
            CompletableFuture<Void> moved = a.core().moveOut(id,
                    image -> b.core().adopt(SessionImageCodec.decode(image)),
                    d -> b.core().deliverMoved(id, d), relayMillis);
            return moved == null ? CompletableFuture.completedFuture(null) : moved.exceptionally(e -> null);
        });
        return asked;
    }

    private static List<String> drain(TestClient c) throws InterruptedException {
        List<String> out = new ArrayList<>();
        Received r;
        while ((r = c.next(500)) != null) {
            out.add(r.text());
        }
        return out;
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private void leaveQueued(TestBroker broker, int n) throws Exception {
        try (PahoV5 sub = new PahoV5(broker.tcpUri(), CLIENT, persistent(true))) {
            sub.subscribe("plant/#", 1);
        }
        try (PahoV5 pub = new PahoV5(broker.tcpUri(), "pub-" + broker.tcpPort())) {
            for (String m : names("q", n)) {
                pub.client.publish("plant/line-1", m.getBytes(), 1, false);
            }
        }
    }

    @Test
    void aClientConnectingToAnotherBrokerFindsItsSessionQueueAndSubscriptions() throws Exception {
        leaveQueued(a, 20);
        AtomicInteger asked = locateFromA(1500);

        try (PahoV5 moved = new PahoV5(b.tcpUri(), CLIENT, persistent(false));
             PahoV5 pubA = new PahoV5(a.tcpUri(), "pub-a2");
             PahoV5 pubB = new PahoV5(b.tcpUri(), "pub-b")) {
            assertThat(asked).hasValue(1);
            assertThat(moved.connectToken.getSessionPresent()).as("session present on the new broker").isTrue();
            assertThat(drain(moved)).as("queued on A, delivered by B, in order").isEqualTo(names("q", 20));

            for (String m : names("relayed-", 10)) {
                pubA.client.publish("plant/line-2", m.getBytes(), 1, false); // A still routes it: relay window
            }
            for (String m : names("b", 5)) {
                pubB.client.publish("plant/line-3", m.getBytes(), 1, false);
            }
            List<String> got = drain(moved);
            assertThat(got).as("relayed from A, and the subscription works on B")
                    .containsAll(names("relayed-", 10)).containsAll(names("b", 5)).hasSize(15);
            assertThat(got.subList(0, 10)).isEqualTo(names("relayed-", 10));

            Thread.sleep(1700); // past the relay window
            assertThat(a.core().sessions().get(CLIENT)).as("nothing stays behind on A").isNull();
            assertThat(a.core().router().filters()).doesNotContain("plant/#");
            assertThat(b.core().sessions().get(CLIENT).subscriptions()).containsOnlyKeys("plant/#");
        }
    }

    @Test
    void aCleanStartDoesNotLookElsewhere() throws Exception {
        leaveQueued(a, 3);
        AtomicInteger asked = locateFromA(1000);
        try (PahoV5 fresh = new PahoV5(b.tcpUri(), CLIENT, persistent(true))) {
            assertThat(fresh.connectToken.getSessionPresent()).isFalse();
            assertThat(asked).hasValue(0);
            assertThat(a.core().sessions().get(CLIENT).queuedCount()).as("still on A").isEqualTo(3);
        }
    }

    @Test
    void aMoveThatCannotBeDeliveredLeavesTheSessionWhereItWas() throws Exception {
        leaveQueued(a, 5);
        CompletableFuture<Void> failed = a.core().moveOut(CLIENT,
                image -> CompletableFuture.failedFuture(new IllegalStateException("node log unreachable")),
                d -> CompletableFuture.failedFuture(new IllegalStateException("node log unreachable")), 60_000);
        assertThat(failed).isNotNull();
        assertThat(failed).isCompletedExceptionally();

        try (PahoV5 back = new PahoV5(a.tcpUri(), CLIENT, persistent(false))) {
            assertThat(back.connectToken.getSessionPresent()).isTrue();
            assertThat(drain(back)).isEqualTo(names("q", 5));
        }
    }

    @Test
    void aSessionArrivingForAConnectedClientIsAddedToItsSession() throws Exception {
        leaveQueued(a, 4);
        try (PahoV5 here = new PahoV5(b.tcpUri(), CLIENT, persistent(true))) {
            here.subscribe("other/#", 1);
            CompletableFuture<Void> moved = a.core().moveOut(CLIENT,
                    image -> b.core().adopt(SessionImageCodec.decode(image)), d -> b.core().deliverMoved(CLIENT, d),
                    100);
            moved.get();
            assertThat(drain(here)).as("the messages A held").isEqualTo(names("q", 4));
            assertThat(b.core().sessions().get(CLIENT).subscriptions()).containsOnlyKeys("other/#", "plant/#");
        }
    }
}
