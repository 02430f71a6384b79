package io.tributary.cluster;

import io.tributary.storage.Database;
import io.tributary.storage.SqlNodeStore;
import io.tributary.storage.StorageOptions;
import io.tributary.storage.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Node rows in a real store: heartbeats, down and stopped nodes, forgetting them, and a node id
 * that only one running process may hold on a shared PostgreSQL (SQLite: one process, one row).
 */
class NodeRegistryTest {
    private static final NodeRegistry.Settings FAST = new NodeRegistry.Settings(Duration.ofMillis(200), 3,
            Duration.ofHours(1));

    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Database postgres() {
        Database db = Database.open(new StorageOptions(TestPostgres.get().newDatabase(), "postgres", "", 2), dir.resolve("x.db"));
        open.add(db);
        return db;
    }

    private NodeRegistry registry(Database db, String nodeId, Set<NodeRole> roles, NodeHealth health) throws Exception {
        NodeRegistry r = new NodeRegistry(new SqlNodeStore(db), FAST, db.shared(), nodeId, roles, "0.1.0", () -> health);
        open.add(r);
        return r.start();
    }

    private static ClusterNode node(NodeRegistry reader, String id) {
        return reader.nodes().stream().filter(n -> n.row().nodeId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void twoNodesSeeEachOtherWithRolesHealthAndEndpointsAndAStoppedOrSilentOneIsShownSo() throws Exception {
        Database db = postgres();
        NodeHealth busy = new NodeHealth(true, 1, 42, List.of(new NodeIntegration("i-1", "to-sink", "test", "ACTIVE",
                null, 10, 9, 1, 0)));
        NodeRegistry a = registry(db, "node-a", EnumSet.of(NodeRole.BROKER), busy);
        NodeRegistry b = registry(db, "node-b", EnumSet.allOf(NodeRole.class), NodeHealth.STARTING);
        a.endpoints(new NodeEndpoints("http://host-a:8083", List.of("mqtt://host-a:1883")));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ClusterNode seen = node(b, "node-a");
            assertThat(seen.status()).isEqualTo(NodeStatus.UP);
            assertThat(seen.self()).isFalse();
            assertThat(seen.row().roles()).containsExactly("broker");
            assertThat(seen.row().endpoints().adminUrl()).isEqualTo("http://host-a:8083");
            assertThat(seen.row().endpoints().mqttListeners()).containsExactly("mqtt://host-a:1883");
            assertThat(seen.row().health()).isEqualTo(busy);
        });
        assertThat(b.nodes()).extracting(n -> n.row().nodeId()).containsExactly("node-b", "node-a");
        assertThat(node(b, "node-b").row().roles()).containsExactly("broker", "executor");
        long seenBefore = node(b, "node-a").row().lastSeen();
        await().atMost(Duration.ofSeconds(5)).until(() -> node(b, "node-a").row().lastSeen() > seenBefore);

        assertThatThrownBy(() -> b.remove("node-a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("up");
        a.halt(); // killed: no more heartbeats, no goodbye
        await().atMost(Duration.ofSeconds(5)).until(() -> node(b, "node-a").status() == NodeStatus.DOWN);
        assertThat(b.remove("node-a")).isTrue();
        assertThat(b.nodes()).extracting(n -> n.row().nodeId()).containsExactly("node-b");

        NodeRegistry c = registry(db, "node-c", EnumSet.of(NodeRole.EXECUTOR), NodeHealth.STARTING);
        c.close();
        assertThat(node(b, "node-c").status()).isEqualTo(NodeStatus.STOPPED);
        assertThat(node(b, "node-c").row().stoppedAt()).isPositive();
    }

    @Test
    void aSecondProcessWithTheSameNodeIdRefusesToStartUnlessTheFirstIsGone() throws Exception {
        Database db = postgres();
        NodeRegistry first = registry(db, "node-a", EnumSet.allOf(NodeRole.class), NodeHealth.STARTING);

        assertThatThrownBy(() -> registry(db, "node-a", EnumSet.allOf(NodeRole.class), NodeHealth.STARTING))
                .isInstanceOf(NodeIdInUseException.class)
                .hasMessageContaining("node.id 'node-a' is already used by a running node");
        assertThat(first.nodes()).singleElement().satisfies(n -> assertThat(n.self()).isTrue());

        // killed, and restarted at once (its row still looks live): the restart watches, then takes the id
        first.halt();
        NodeRegistry restarted = registry(db, "node-a", EnumSet.allOf(NodeRole.class), NodeHealth.STARTING);
        assertThat(restarted.nodes()).singleElement().satisfies(n -> {
            assertThat(n.self()).isTrue();
            assertThat(n.status()).isEqualTo(NodeStatus.UP);
        });

        // stopped cleanly: the id is free at once
        restarted.close();
        long start = System.nanoTime();
        registry(db, "node-a", EnumSet.allOf(NodeRole.class), NodeHealth.STARTING);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void onSqliteTheOnlyProcessRewritesItsRowAndRowsNotSeenForLongAreForgotten() throws Exception {
        Database db = Database.open(dir.resolve("tributary.db"));
        open.add(db);
        NodeRegistry first = registry(db, "solo", EnumSet.allOf(NodeRole.class), NodeHealth.STARTING);
        first.halt(); // a crash leaves a live-looking row; the next start does not wait for it
        long start = System.nanoTime();
        NodeRegistry again = registry(db, "solo", EnumSet.allOf(NodeRole.class), NodeHealth.STARTING);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
        assertThat(again.nodes()).singleElement().satisfies(n -> assertThat(n.self()).isTrue());

        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        SqlNodeStore store = new SqlNodeStore(db);
        store.write(new NodeRow("old", "x", List.of("broker"), "0.0.9", NodeEndpoints.NONE, 1, 1, 0,
                NodeHealth.STARTING), Long.MAX_VALUE);
        NodeRegistry pruning = new NodeRegistry(store, FAST, false, "pruner", EnumSet.of(NodeRole.BROKER), "0.1.0",
                () -> NodeHealth.STARTING, clock::get);
        open.add(pruning);
        assertThat(pruning.nodes()).extracting(n -> n.row().nodeId()).contains("old");
        pruning.beat();
        assertThat(pruning.nodes()).extracting(n -> n.row().nodeId()).doesNotContain("old").contains("pruner", "solo");
    }
}
