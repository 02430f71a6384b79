package io.tributary.storage;

import io.tributary.broker.handover.SessionRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Session rows on a real PostgreSQL: a row comes back as written, a write moves its home, only the
 * home deletes it, and prune removes only sessions expired longer ago than the grace.
 */
class SqlSessionRowStoreTest {
    private static final long NEVER = 0xFFFF_FFFFL;

    @TempDir
    Path dir;
    Database db;
    SqlSessionRowStore store;

    @BeforeEach
    void open() {
        db = Database.open(new StorageOptions(TestPostgres.get().newDatabase(), "postgres", "", 2),
                dir.resolve("unused.db"));
        store = new SqlSessionRowStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRowComesBackAsWrittenAndAnUnknownClientHasNone() {
        byte[] image = new byte[256];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
        store.write(List.of(new SessionRow("sensor-1", "a", 3600, 1_765_000_000_123L, image),
                new SessionRow("sensor-2", "b", 60, 0, new byte[0])));

        SessionRow one = store.find("sensor-1");
        assertThat(one.clientId()).isEqualTo("sensor-1");
        assertThat(one.nodeId()).isEqualTo("a");
        assertThat(one.expirySeconds()).isEqualTo(3600);
        assertThat(one.disconnectedAt()).isEqualTo(1_765_000_000_123L);
        assertThat(one.subscriptions()).isEqualTo(image);
        SessionRow two = store.find("sensor-2");
        assertThat(two.nodeId()).isEqualTo("b");
        assertThat(two.disconnectedAt()).isZero();
        assertThat(two.subscriptions()).isEmpty();
        assertThat(store.find("sensor-3")).isNull();
    }

    @Test
    void aWriteReplacesTheRowAndMovesItsHome() {
        store.write(List.of(new SessionRow("c", "a", 60, 1000, new byte[] {1})));
        long firstUpdate = updatedAt("c");

        store.write(List.of(new SessionRow("c", "b", 120, 0, new byte[] {2, 3})));

        SessionRow moved = store.find("c");
        assertThat(moved.nodeId()).isEqualTo("b");
        assertThat(moved.expirySeconds()).isEqualTo(120);
        assertThat(moved.disconnectedAt()).isZero();
        assertThat(moved.subscriptions()).containsExactly(2, 3);
        assertThat(count()).isEqualTo(1);
        assertThat(updatedAt("c")).as("the server's clock").isGreaterThanOrEqualTo(firstUpdate)
                .isCloseTo(System.currentTimeMillis(), within(60_000L));
    }

    @Test
    void onlyTheHomeNodeDeletesARow() {
        store.write(List.of(new SessionRow("c", "b", 60, 0, new byte[] {1}),
                new SessionRow("d", "a", 60, 0, new byte[] {1})));

        store.delete(List.of("c", "d"), "a");
        assertThat(store.find("c")).as("moved to b, a's delete leaves it").isNotNull();
        assertThat(store.find("d")).isNull();

        store.delete(List.of("c"), "b");
        assertThat(store.find("c")).isNull();
        assertThat(count()).isZero();
    }

    @Test
    void homesOfManyClientsKnownAndUnknown() {
        List<SessionRow> rows = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 1200; i++) {
            String node = "node-" + (i % 3);
            rows.add(new SessionRow("client-" + i, node, 60, 0, new byte[] {(byte) i}));
            asked.add("client-" + i);
            expected.put("client-" + i, node);
        }
        for (int i = 0; i < 300; i++) {
            asked.add("unknown-" + i);
        }
        store.write(rows);
        assertThat(count()).isEqualTo(1200);

        Map<String, String> homes = store.homes(asked);

        assertThat(asked.size()).isGreaterThan(2 * SqlSessionRowStore.CHUNK);
        assertThat(homes).hasSize(1200).isEqualTo(expected);
        assertThat(store.homes(List.of("unknown-1", "client-7"))).containsOnly(Map.entry("client-7", "node-1"));

        store.delete(asked, "node-0");
        assertThat(count()).as("node-0's 400 rows deleted across chunks").isEqualTo(800);
        assertThat(store.homes(asked)).doesNotContainValue("node-0").hasSize(800);
    }

    @Test
    void pruneRemovesOnlySessionsExpiredLongerAgoThanTheGrace() {
        long now = System.currentTimeMillis();
        store.write(List.of(
                new SessionRow("expired", "a", 60, now - 3_600_000, new byte[] {1}),
                new SessionRow("expired-at-once", "a", 0, now - 3_600_000, new byte[] {1}),
                new SessionRow("within-grace", "a", 60, now - 600_000, new byte[] {1}),
                new SessionRow("fresh", "a", 3600, now - 1000, new byte[] {1}),
                new SessionRow("connected", "a", 0, 0, new byte[] {1}),
                new SessionRow("never-expires", "a", NEVER, 1, new byte[] {1})));

        int pruned = store.pruneExpired(1_800_000);

        assertThat(pruned).isEqualTo(2);
        assertThat(store.find("expired")).isNull();
        assertThat(store.find("expired-at-once")).isNull();
        assertThat(store.homes(List.of("within-grace", "fresh", "connected", "never-expires"))).hasSize(4);
        assertThat(store.pruneExpired(1_800_000)).isZero();

        assertThat(store.pruneExpired(0)).as("without grace the 10 minutes old one is expired").isEqualTo(1);
        assertThat(store.find("within-grace")).isNull();
        assertThat(count()).isEqualTo(3);

        // 0xFFFFFFFF seconds is 136 years: only a grace below zero reaches it before 2106
        assertThat(store.pruneExpired(-5_000_000_000_000L)).as("fresh only").isEqualTo(1);
        assertThat(store.homes(List.of("connected", "never-expires"))).hasSize(2);
    }

    @Test
    void emptyArgumentsRunNoSql() {
        db.close();
        // a closed database throws on any use: these return before touching it
        store.write(List.of());
        store.delete(List.of(), "a");
        assertThat(store.homes(List.of())).isEmpty();
        assertThatThrownBy(() -> store.find("c")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sqliteIsRefused() {
        try (Database sqlite = Database.open(dir.resolve("single.db"))) {
            assertThatThrownBy(() -> new SqlSessionRowStore(sqlite))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Session rows are kept on a shared store (PostgreSQL) only");
            // the table is there all the same: one migration set for both engines
            int rows = sqlite.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM cluster_sessions")
                    .mapTo(Integer.class).one());
            assertThat(rows).isZero();
        }
    }

    private int count() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM cluster_sessions")
                .mapTo(Integer.class).one());
    }

    private long updatedAt(String clientId) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT updated_at FROM cluster_sessions WHERE client_id = :c")
                .bind("c", clientId).mapTo(Long.class).one());
    }
}
