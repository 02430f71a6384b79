package io.tributary.storage;

import io.tributary.cluster.NodeEndpoints;
import io.tributary.cluster.NodeHealth;
import io.tributary.cluster.NodeRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other nodes' filters on PostgreSQL: a node that stopped, is down or never registered is not
 * offered for its share groups (a message sent there would reach no member), but its plain
 * filters still are.
 */
class SqlNodeFilterStoreTest {
    @TempDir
    Path dir;

    @Test
    void shareGroupsOfStoppedDownOrUnknownNodesAreLeftOutPlainFiltersAreNot() {
        StorageOptions options = new StorageOptions(TestPostgres.get().newDatabase(), "postgres", "", 2);
        try (Database db = Database.open(options, dir.resolve("unused.db"))) {
            SqlNodeStore nodes = new SqlNodeStore(db);
            long now = System.currentTimeMillis();
            nodes.write(row("up", now, 0), Long.MAX_VALUE);
            nodes.write(row("stopped", now, 0), Long.MAX_VALUE);
            nodes.stopped("stopped", "i-stopped", now);
            nodes.write(row("down", now - 60_000, 0), Long.MAX_VALUE);
            SqlNodeFilterStore store = new SqlNodeFilterStore(db, Duration.ofSeconds(15));
            for (String node : List.of("up", "stopped", "down", "unknown", "me")) {
                store.update(node, List.of("plant/#", "$share/g/plant/#"), List.of());
            }

            Map<String, Set<String>> others = store.others("me");

            assertThat(others).containsOnlyKeys("up", "stopped", "down", "unknown");
            assertThat(others.get("up")).containsExactlyInAnyOrder("plant/#", "$share/g/plant/#");
            assertThat(others.get("stopped")).containsExactly("plant/#");
            assertThat(others.get("down")).containsExactly("plant/#");
            assertThat(others.get("unknown")).containsExactly("plant/#");
        }
    }

    private static NodeRow row(String id, long lastSeen, long stoppedAt) {
        return new NodeRow(id, "i-" + id, List.of("broker"), "0.1.0", NodeEndpoints.NONE, lastSeen - 1000, lastSeen,
                stoppedAt, NodeHealth.STARTING);
    }
}
