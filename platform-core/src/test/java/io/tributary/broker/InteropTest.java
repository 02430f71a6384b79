package io.tributary.broker;

import io.tributary.broker.Clients.Kind;
import io.tributary.broker.Clients.Received;
import io.tributary.broker.Clients.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every client library publishes to every client library at QoS 0/1/2 through subscriptions
 * granted at QoS 0/1/2: each message arrives exactly once, at min(publish QoS, subscription QoS),
 * with its payload intact.
 */
class InteropTest {
    private static TestBroker broker;
    private static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (Kind pub : Kind.values()) {
            for (Kind sub : Kind.values()) {
                out.add(Arguments.of(pub, sub));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void qosMatrix(Kind pubKind, Kind subKind) throws Exception {
        int n = ids.incrementAndGet();
        String base = "interop/" + n;
        try (TestClient sub = subKind.connect(broker, "sub-" + n + "-" + subKind);
             TestClient pub = pubKind.connect(broker, "pub-" + n + "-" + pubKind)) {
            for (int s = 0; s <= 2; s++) {
                sub.subscribe(base + "/s" + s + "/+", s);
            }
            Map<String, byte[]> sent = new TreeMap<>();
            for (int s = 0; s <= 2; s++) {
                for (int p = 0; p <= 2; p++) {
                    String topic = base + "/s" + s + "/p" + p;
                    byte[] payload = payload(topic);
                    sent.put(topic, payload);
                    pub.publish(topic, payload, p, false);
                }
            }
            List<Received> got = sub.take(9);
            assertThat(sub.next(200)).as("no duplicates").isNull();
            Map<String, Received> byTopic = new TreeMap<>();
            for (Received r : got) {
                assertThat(byTopic.put(r.topic(), r)).as("duplicate " + r.topic()).isNull();
            }
            assertThat(byTopic.keySet()).isEqualTo(sent.keySet());
            for (int s = 0; s <= 2; s++) {
                for (int p = 0; p <= 2; p++) {
                    String topic = base + "/s" + s + "/p" + p;
                    Received r = byTopic.get(topic);
                    assertThat(r.qos()).as(topic).isEqualTo(Math.min(p, s));
                    assertThat(r.retain()).as(topic).isFalse();
                    assertThat(Arrays.equals(r.payload(), sent.get(topic))).as(topic + " payload").isTrue();
                }
            }
        }
    }

    /** Every byte value plus something unique to the topic. */
    private static byte[] payload(String topic) {
        byte[] t = topic.getBytes();
        byte[] out = new byte[256 + t.length];
        for (int i = 0; i < 256; i++) {
            out[i] = (byte) i;
        }
        System.arraycopy(t, 0, out, 256, t.length);
        return out;
    }
}
