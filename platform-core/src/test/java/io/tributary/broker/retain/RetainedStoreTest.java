package io.tributary.broker.retain;

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
}
