package io.tributary.broker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.tributary.broker.Clients.HiveV5;
import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Shared subscriptions {@code $share/{group}/{filter}}: round-robin within a group, every group and normal subscriber gets each message. */
class SharedSubscriptionTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static List<Integer> indices(List<Received> got) {
        return got.stream().map(r -> Integer.parseInt(r.text().substring(1))).toList();
    }

    /** Drains everything that arrives until nothing more comes for 300 ms. */
    private static List<Received> drain(TestClient c) throws InterruptedException {
        List<Received> out = new ArrayList<>();
        Received r;
        while ((r = c.next(300)) != null) {
            out.add(r);
        }
        return out;
    }

    @Test
    void twoMembersGetAlternatingMessagesAndANormalSubscriberGetsEveryOne() throws Exception {
        try (TestClient m1 = Kind.HIVEMQ_V5.connect(broker, "member-1");
             TestClient m2 = Kind.PAHO_V5.connect(broker, "member-2");
             TestClient normal = Kind.PAHO_V3_1_1.connect(broker, "normal");
             TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            m1.subscribe("$share/workers/jobs/#", 1);
            m2.subscribe("$share/workers/jobs/#", 1);
            normal.subscribe("jobs/#", 1);
            for (int i = 0; i < 10; i++) {
                pub.publish("jobs/" + i, "m" + i, 1, false);
            }
            assertThat(indices(normal.take(10))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

            List<Integer> first = indices(m1.take(5));
            List<Integer> second = indices(m2.take(5));
            assertThat(m1.next(200)).isNull();
            assertThat(m2.next(200)).isNull();
            // strictly alternating: one member has the even messages, the other the odd ones
            assertThat(first.stream().map(i -> i % 2).distinct()).hasSize(1);
            assertThat(second.stream().map(i -> i % 2).distinct()).hasSize(1);
            Set<Integer> all = new HashSet<>(first);
            all.addAll(second);
            assertThat(all).hasSize(10);
            // shared deliveries carry the topic the message was published to
            assertThat(first).isSorted();
        }
    }

    @Test
    void eachGroupGetsEveryMessageOnce() throws Exception {
        try (TestClient a1 = Kind.HIVEMQ_V5.connect(broker, "a1");
             TestClient a2 = Kind.HIVEMQ_V5.connect(broker, "a2");
             TestClient a3 = Kind.PAHO_V5.connect(broker, "a3");
             TestClient b1 = Kind.PAHO_V5.connect(broker, "b1");
             TestClient pub = Kind.PAHO_V3_1_1.connect(broker, "pub")) {
            a1.subscribe("$share/a/s/+", 2);
            a2.subscribe("$share/a/s/+", 2);
            a3.subscribe("$share/a/s/+", 2);
            b1.subscribe("$share/b/s/#", 2);
            for (int i = 0; i < 9; i++) {
                pub.publish("s/x", "m" + i, 2, false);
            }
            assertThat(indices(b1.take(9))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
            List<Integer> a = new ArrayList<>();
            for (TestClient member : List.of(a1, a2, a3)) {
                List<Received> got = drain(member);
                assertThat(got).as("round robin over three members").hasSize(3);
                a.addAll(indices(got));
            }
            assertThat(a).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
        }
    }

    @Test
    void grantedQosIsPerMember() throws Exception {
        try (TestClient m0 = Kind.HIVEMQ_V5.connect(broker, "m0");
             TestClient m2 = Kind.HIVEMQ_V5.connect(broker, "m2");
             TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            m0.subscribe("$share/g/q", 0);
            m2.subscribe("$share/g/q", 2);
            for (int i = 0; i < 4; i++) {
                pub.publish("q", "m" + i, 2, false);
            }
            assertThat(m0.take(2)).allMatch(r -> r.qos() == 0);
            assertThat(m2.take(2)).allMatch(r -> r.qos() == 2);
        }
    }

    @Test
    void aMemberThatLeavesNoLongerGetsMessages() throws Exception {
        try (TestClient m1 = Kind.HIVEMQ_V5.connect(broker, "m1");
             TestClient m2 = Kind.HIVEMQ_V5.connect(broker, "m2");
             TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            m1.subscribe("$share/g/t", 1);
            m2.subscribe("$share/g/t", 1);
            m2.unsubscribe("$share/g/t");
            for (int i = 0; i < 4; i++) {
                pub.publish("t", "m" + i, 1, false);
            }
            assertThat(indices(m1.take(4))).containsExactly(0, 1, 2, 3);
            assertThat(m2.next(300)).isNull();
        }
    }

    @Test
    void onlineMembersArePreferredOverOfflineOnes() throws Exception {
        HiveV5 offline = new HiveV5(Mqtt5Client.builder().identifier("offline").serverHost("127.0.0.1")
                .serverPort(broker.tcpPort()).buildBlocking(), false);
        offline.client.connectWith().sessionExpiryInterval(300).send();
        offline.subscribe("$share/g/t", 1);
        offline.client.disconnect();
        await().until(() -> !broker.core().sessions().get("offline").online());
        try (TestClient online = Kind.HIVEMQ_V5.connect(broker, "online");
             TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            online.subscribe("$share/g/t", 1);
            for (int i = 0; i < 4; i++) {
                pub.publish("t", "m" + i, 1, false);
            }
            assertThat(indices(online.take(4))).containsExactly(0, 1, 2, 3);
            assertThat(broker.core().sessions().get("offline").queuedCount()).isZero();
        }
    }

    @Test
    void retainedMessagesAreNotSentToNewSharedSubscriptions() throws Exception {
        try (TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            pub.publish("ret/x", "retained", 1, true);
            await().until(() -> broker.core().retained().size() == 1);
            try (TestClient member = Kind.HIVEMQ_V5.connect(broker, "member")) {
                member.subscribe("$share/g/ret/#", 1);
                assertThat(member.next(400)).isNull();
                pub.publish("ret/x", "live", 1, false);
                assertThat(member.take(1).get(0).text()).isEqualTo("live");
            }
        }
    }

    @Test
    void mqtt311ClientsCanBeMembersToo() throws Exception {
        try (TestClient v3 = Kind.PAHO_V3_1_1.connect(broker, "v3");
             TestClient v5 = Kind.HIVEMQ_V5.connect(broker, "v5");
             TestClient pub = Kind.HIVEMQ_V3.connect(broker, "pub")) {
            v3.subscribe("$share/mixed/m/#", 1);
            v5.subscribe("$share/mixed/m/#", 1);
            for (int i = 0; i < 4; i++) {
                pub.publish("m/" + i, "m" + i, 1, false);
            }
            assertThat(v3.take(2)).hasSize(2);
            assertThat(v5.take(2)).hasSize(2);
        }
    }
}
