package io.tributary.broker.forward;

import io.tributary.broker.routing.MessageRouter;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.InMemorySessionStore;
import io.tributary.broker.session.Outbound;
import io.tributary.broker.session.Session;
import io.tributary.broker.session.Subscription;
import io.tributary.broker.topic.Topics;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** This node's filters in the shared store, and what a clean stop takes out first. */
class NodeFiltersTest {

    /** The store as the nodes share it: node id to filters. */
    private static final class SharedStore implements NodeFilterStore {
        final Map<String, Set<String>> rows = new HashMap<>();

        @Override
        public synchronized void update(String nodeId, Collection<String> added, Collection<String> removed) {
            Set<String> mine = rows.computeIfAbsent(nodeId, n -> new HashSet<>());
            mine.removeAll(removed);
            mine.addAll(added);
        }

        @Override
        public synchronized void clear(String nodeId) {
            rows.remove(nodeId);
        }

        @Override
        public synchronized Map<String, Set<String>> others(String nodeId) {
            Map<String, Set<String>> copy = new HashMap<>();
            rows.forEach((node, filters) -> {
                if (!node.equals(nodeId)) {
                    copy.put(node, Set.copyOf(filters));
                }
            });
            return copy;
        }
    }

    /** A connection as a session sees it. */
    private static final Outbound CONNECTED = new Outbound() {
        @Override
        public boolean sendPublish(int packetId, Delivery delivery, boolean dup) {
            return true;
        }

        @Override
        public void sendPubrel(int packetId) {
        }

        @Override
        public int inflightLimit() {
            return 10;
        }
    };

    private static Session session(InMemorySessionStore sessions, String clientId, boolean online) {
        Session s = sessions.computeIfAbsent(clientId, id -> new Session(id, 10));
        if (online) {
            s.attach(CONNECTED);
        }
        return s;
    }

    @Test
    void aShareGroupIsOfferedToTheOtherNodesOnlyWhileOneOfItsMembersHereIsConnected() {
        SharedStore store = new SharedStore();
        InMemorySessionStore sessions = new InMemorySessionStore();
        Session worker = session(sessions, "worker-1", false); // persistent session, client away
        MessageRouter router = new MessageRouter(sessions);
        router.subscribe(new Subscription("worker-1", Topics.parseFilter("$share/g/jobs/#"), 1, false, false, 0, 0));
        router.subscribe(new Subscription("display", Topics.parseFilter("jobs/status"), 0, false, false, 0, 0));
        NodeFilters b = new NodeFilters(router, store, "b");

        b.sync();
        assertThat(store.rows.get("b")).as("only offline members: others serve the group").containsExactly("jobs/status");
        assertThat(router.shareGroupOnline("$share/g/jobs/#")).isFalse();

        worker.attach(CONNECTED);
        b.sync();
        assertThat(store.rows.get("b")).containsExactlyInAnyOrder("$share/g/jobs/#", "jobs/status");

        worker.detach(CONNECTED);
        b.sync();
        assertThat(store.rows.get("b")).containsExactly("jobs/status");
    }

    @Test
    void aStoppingNodeTakesItsShareGroupsOutFirstAndKeepsThemOutItsPlainFiltersStayUntilTheClear() {
        SharedStore store = new SharedStore();
        InMemorySessionStore sessions = new InMemorySessionStore();
        session(sessions, "worker-1", true);
        MessageRouter router = new MessageRouter(sessions);
        router.subscribe(new Subscription("worker-1", Topics.parseFilter("$share/g/jobs/#"), 1, false, false, 0, 0));
        router.subscribe(new Subscription("display", Topics.parseFilter("jobs/status"), 0, false, false, 0, 0));
        NodeFilters b = new NodeFilters(router, store, "b");
        b.sync();
        assertThat(store.rows.get("b")).containsExactlyInAnyOrder("$share/g/jobs/#", "jobs/status");

        assertThat(b.withdrawShareGroups()).isTrue();
        assertThat(store.rows.get("b")).containsExactly("jobs/status");
        b.sync(); // the periodic sync, members still connected: the group stays out
        assertThat(store.rows.get("b")).containsExactly("jobs/status");
        NodeFilters a = new NodeFilters(new MessageRouter(new InMemorySessionStore()), store, "a");
        a.sync();
        assertThat(a.groups()).as("node a no longer sees b's group").isEmpty();
        assertThat(a.match("jobs/status", Topics.levels("jobs/status")).unshared()).containsExactly("b");

        assertThat(b.withdrawShareGroups()).as("nothing left to withdraw: no second wait").isFalse();
        b.clear();
        assertThat(store.rows).doesNotContainKey("b");
    }
}
