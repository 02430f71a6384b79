package io.tributary.broker;

import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.metrics.BrokerMetrics;
import io.tributary.broker.routing.MessageRouter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One broker node's part of a share group spanning nodes, with real clients: what it publishes
 * skips the groups its forwarder handed to another node; what another node forwards reaches only
 * the groups named in it, and the subscribers in no group only when asked.
 */
class ShareGroupsAcrossNodesTest {
    private static final String G = "$share/g/plant/#";
    private static final String H = "$share/h/plant/#";
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static List<String> drain(TestClient c) throws InterruptedException {
        List<String> out = new ArrayList<>();
        Received r;
        while ((r = c.next(300)) != null) {
            out.add(r.text());
        }
        return out;
    }

    private static BrokerMessage message(String body) {
        return new BrokerMessage("plant/line-1", body.getBytes(StandardCharsets.UTF_8), 1, false, "pub-elsewhere",
                System.currentTimeMillis(), 0, BrokerMessage.ForwardedProperties.NONE);
    }

    @Test
    void aPublishHereSkipsTheGroupsAnotherNodeServes() throws Exception {
        try (TestClient g1 = Kind.HIVEMQ_V5.connect(broker, "g1");
             TestClient g2 = Kind.PAHO_V5.connect(broker, "g2");
             TestClient h1 = Kind.PAHO_V5.connect(broker, "h1");
             TestClient plain = Kind.PAHO_V3_1_1.connect(broker, "plain");
             TestClient pub = Kind.HIVEMQ_V5.connect(broker, "pub")) {
            g1.subscribe(G, 1);
            g2.subscribe(G, 1);
            h1.subscribe(H, 1);
            plain.subscribe("plant/#", 1);
            broker.core().forwardTo((m, levels) -> new BrokerCore.Forwarded(CompletableFuture.completedFuture(null),
                    Set.of(G)));
            for (int i = 0; i < 10; i++) {
                pub.publish("plant/line-1", "m" + i, 1, false);
            }
            assertThat(drain(plain)).hasSize(10);
            assertThat(drain(h1)).as("a group this node kept").hasSize(10);
            assertThat(drain(g1)).as("group g is served by another node").isEmpty();
            assertThat(drain(g2)).isEmpty();

            broker.core().forwardTo(null); // a single broker again: g is served here
            for (int i = 0; i < 10; i++) {
                pub.publish("plant/line-1", "n" + i, 1, false);
            }
            assertThat(drain(g1).size() + drain(g2).size()).isEqualTo(10);
        }
    }

    @Test
    void aForwardedMessageReachesOnlyTheNamedGroupsAndThePlainSubscribersWhenAsked() throws Exception {
        try (TestClient g1 = Kind.HIVEMQ_V5.connect(broker, "g1");
             TestClient g2 = Kind.PAHO_V5.connect(broker, "g2");
             TestClient h1 = Kind.PAHO_V5.connect(broker, "h1");
             TestClient plain = Kind.PAHO_V3_1_1.connect(broker, "plain")) {
            g1.subscribe(G, 1);
            g2.subscribe(G, 1);
            h1.subscribe(H, 1);
            plain.subscribe("plant/#", 1);
            for (int i = 0; i < 10; i++) {
                broker.core().deliverForwarded(message("only-g-" + i), false, Set.of(G), MessageRouter.ANY_SESSION).get();
            }
            List<String> g = new ArrayList<>(drain(g1));
            g.addAll(drain(g2));
            assertThat(g).as("one member of g each").hasSize(10).doesNotHaveDuplicates();
            assertThat(drain(h1)).as("h is served by another node").isEmpty();
            assertThat(drain(plain)).as("plain subscribers got it from elsewhere").isEmpty();

            broker.core().deliverForwarded(message("plain-only"), true, Set.of(), MessageRouter.ANY_SESSION).get();
            assertThat(drain(plain)).containsExactly("plain-only");
            assertThat(drain(g1)).isEmpty();
            assertThat(drain(g2)).isEmpty();
            assertThat(drain(h1)).isEmpty();

            broker.core().deliverForwarded(message("everyone"), true, null, MessageRouter.ANY_SESSION).get(); // the first kind of record
            assertThat(drain(plain)).containsExactly("everyone");
            assertThat(drain(h1)).containsExactly("everyone");
            assertThat(drain(g1).size() + drain(g2).size()).isEqualTo(1);
        }
    }

    @Test
    void aGroupWithNoMemberHereAnyMoreIsCountedAsDropped() throws Exception {
        double before = broker.core().metrics().droppedCount(BrokerMetrics.Drop.NO_SHARE_MEMBER);
        try (TestClient h1 = Kind.PAHO_V5.connect(broker, "h1")) {
            h1.subscribe(H, 1);
            broker.core().deliverForwarded(message("for-g-and-h"), false, Set.of(G, H), MessageRouter.ANY_SESSION).get();
            assertThat(drain(h1)).containsExactly("for-g-and-h");
        }
        assertThat(broker.core().metrics().droppedCount(BrokerMetrics.Drop.NO_SHARE_MEMBER) - before).isEqualTo(1.0);
    }
}
