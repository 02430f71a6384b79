package io.tributary.broker.retain;

import io.tributary.broker.limits.LimitEvents;
import io.tributary.broker.message.BrokerMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetainedStoreTest {
    private static BrokerMessage msg(String topic, String payload) {
        return msg(topic, payload, 0);
    }

    private static BrokerMessage msg(String topic, String payload, long expiresAt) {
        return new BrokerMessage(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true, "p",
                System.currentTimeMillis(), expiresAt, BrokerMessage.ForwardedProperties.NONE);
    }

    private static List<String> topics(RetainedStore store, String filter) {
        return store.match(filter).stream().map(m -> m.topic() + "=" + new String(m.payload())).sorted().toList();
    }

    @Test
    void storesReplacesAndClears() {
        RetainedStore store = new RetainedStore();
        store.apply(msg("a/b", "1"));
        assertThat(topics(store, "a/b")).containsExactly("a/b=1");
        store.apply(msg("a/b", "2"));
        assertThat(topics(store, "a/b")).containsExactly("a/b=2");
        assertThat(store.size()).isEqualTo(1);
        store.apply(msg("a/b", ""));
        assertThat(topics(store, "a/b")).isEmpty();
        assertThat(store.size()).isZero();
        // clearing a topic that has nothing retained is harmless
        store.apply(msg("x/y", ""));
        assertThat(store.size()).isZero();
    }

    @Test
    void wildcardFiltersSelectRetainedTopics() {
        RetainedStore store = new RetainedStore();
        for (String t : List.of("a", "a/b", "a/b/c", "a/c", "b/b", "/x", "$SYS/up")) {
            store.apply(msg(t, t));
        }
        assertThat(topics(store, "a/#")).containsExactly("a/b/c=a/b/c", "a/b=a/b", "a/c=a/c", "a=a");
        assertThat(topics(store, "a/+")).containsExactly("a/b=a/b", "a/c=a/c");
        assertThat(topics(store, "+/b")).containsExactly("a/b=a/b", "b/b=b/b");
        assertThat(topics(store, "+/+")).containsExactly("/x=/x", "a/b=a/b", "a/c=a/c", "b/b=b/b");
        assertThat(topics(store, "#")).hasSize(6).noneMatch(s -> s.startsWith("$"));
        assertThat(topics(store, "+/up")).isEmpty();
        assertThat(topics(store, "$SYS/#")).containsExactly("$SYS/up=$SYS/up");
        assertThat(topics(store, "a/b/c/d")).isEmpty();
    }

    @Test
    void expiredRetainedMessagesAreNotReturnedAndAreDropped() {
        RetainedStore store = new RetainedStore();
        store.apply(msg("a/old", "x", System.currentTimeMillis() - 1));
        store.apply(msg("a/new", "y", System.currentTimeMillis() + 60_000));
        assertThat(topics(store, "a/+")).containsExactly("a/new=y");
        assertThat(store.size()).isEqualTo(1);
    }

    /** No recursion in any walk of the store: a topic of 100 000 levels is stored, matched, snapshotted, cleared. */
    @Test
    void topicsOfAHundredThousandLevelsDoNotOverflowTheStack() {
        RetainedStore store = new RetainedStore();
        String topic = "l" + "/l".repeat(99_999);
        store.apply(msg(topic, "deep"));
        store.apply(msg("l/other", "shallow"));
        assertThat(store.match("#")).hasSize(2);
        assertThat(store.match("+" + "/+".repeat(99_999))).singleElement()
                .satisfies(m -> assertThat(new String(m.payload())).isEqualTo("deep"));
        assertThat(store.match(topic)).hasSize(1);
        List<String> snapshot = new java.util.ArrayList<>();
        store.writeImage((t, m) -> {
            snapshot.add(t.length() > 10 ? "deep" : t);
            return 0;
        });
        assertThat(snapshot).containsExactlyInAnyOrder("deep", "l/other");
        store.apply(msg(topic, ""));
        assertThat(store.match("#")).hasSize(1);
    }

    @Test
    void limitsRefuseNewTopicsButNeverReplacingOrClearing() {
        RetainedStore store = new RetainedStore(2, 1000, new LimitEvents());
        store.apply(msg("a", "1"));
        store.apply(msg("b", "1"));
        assertThat(store.apply(msg("c", "1"))).isEqualTo(-1);
        assertThat(topics(store, "#")).containsExactly("a=1", "b=1");
        store.apply(msg("a", "2"));
        store.apply(msg("b", ""));
        store.apply(msg("c", "1"));
        assertThat(topics(store, "#")).containsExactly("a=2", "c=1");
        assertThat(store.bytes()).isEqualTo(4);
    }

    /** A subscriber is given the messages stored up to the sequence number it subscribed at. */
    @Test
    void messagesAreReadAsOfASequenceNumber() {
        RetainedStore store = new RetainedStore();
        store.apply(msg("a", "old"));
        long asOf = store.lastSeq();
        store.apply(msg("b", "new"));
        store.apply(msg("a", "newer"));
        List<String> seen = new java.util.ArrayList<>();
        store.forEachMatch("#", slot -> {
            BrokerMessage m = slot.messageAsOf(asOf, System.currentTimeMillis());
            if (m != null) {
                seen.add(m.topic());
            }
        });
        // "a" was replaced and "b" stored after: both reach such a subscriber live, not from the store
        assertThat(seen).isEmpty();
        assertThat(topics(store, "#")).containsExactly("a=newer", "b=new");
    }
}
