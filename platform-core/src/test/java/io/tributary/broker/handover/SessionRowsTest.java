package io.tributary.broker.handover;

import io.tributary.broker.Clients.PahoV5;
import io.tributary.broker.TestBroker;
import io.tributary.broker.persistence.SessionImageCodec;
import io.tributary.storage.Database;
import io.tributary.storage.SqlSessionRowStore;
import io.tributary.storage.StorageOptions;
import io.tributary.storage.TestPostgres;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's rows in {@code cluster_sessions} on a real PostgreSQL follow its persistent sessions as
 * real clients make and change them: written with their subscriptions, marked disconnected,
 * deleted when the session ends or moves away; sessions that end with their connection get none.
 */
class SessionRowsTest {
    @TempDir
    Path dir;
    private Database db;
    private TestBroker broker;
    private SqlSessionRowStore store;
    private SessionRows rows;

    @BeforeEach
    void start() throws Exception {
        db = Database.open(new StorageOptions(TestPostgres.get().newDatabase(), "postgres", "", 2),
                dir.resolve("unused.db"));
        store = new SqlSessionRowStore(db);
        broker = TestBroker.start();
        rows = new SessionRows(broker.core(), store, "node-a", Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        rows.close();
        broker.close();
        db.close();
    }

    private static MqttConnectionOptions options(boolean cleanStart, long expiry) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(expiry);
        return o;
    }

    @Test
    void rowsFollowThePersistentSessionsOfThisNode() throws Exception {
        try (PahoV5 clean = new PahoV5(broker.tcpUri(), "clean", options(true, 0L))) {
            clean.subscribe("x/#", 1);
            try (PahoV5 device = new PahoV5(broker.tcpUri(), "device-1", options(true, 600L))) {
                device.subscribe("plant/#", 1);
                device.subscribe("cmd/device-1", 2);
                rows.sync();
                SessionRow row = store.find("device-1");
                assertThat(row.nodeId()).isEqualTo("node-a");
                assertThat(row.expirySeconds()).isEqualTo(600);
                assertThat(row.disconnectedAt()).as("connected").isZero();
                assertThat(SessionImageCodec.decode(row.subscriptions()).subscriptions())
                        .extracting(s -> s.filter().raw() + "@" + s.qos())
                        .containsExactlyInAnyOrder("plant/#@1", "cmd/device-1@2");
                assertThat(store.find("clean")).as("a session that ends with its connection").isNull();

                device.unsubscribe("cmd/device-1");
                Thread.sleep(200);
                rows.sync();
                assertThat(SessionImageCodec.decode(store.find("device-1").subscriptions()).subscriptions())
                        .extracting(s -> s.filter().raw()).containsExactly("plant/#");
            }
            long closedBy = System.currentTimeMillis();
            Thread.sleep(200);
            rows.sync();
            assertThat(store.find("device-1").disconnectedAt()).as("disconnected")
                    .isPositive().isLessThanOrEqualTo(closedBy);
        }

        // the client comes back with clean start: the old session ends, the new one gets the row
        try (PahoV5 again = new PahoV5(broker.tcpUri(), "device-1", options(true, 0L))) {
            Thread.sleep(200);
            rows.sync();
            assertThat(store.find("device-1")).as("its session now ends with the connection").isNull();
        }
    }

    @Test
    void aSessionThatMovedAwayLeavesTheRowToItsNewNode() throws Exception {
        try (PahoV5 device = new PahoV5(broker.tcpUri(), "device-2", options(true, 600L))) {
            device.subscribe("plant/#", 1);
        }
        rows.sync();
        assertThat(store.find("device-2").nodeId()).isEqualTo("node-a");

        // node B adopted it and wrote its row before node A noticed the move
        store.write(java.util.List.of(new SessionRow("device-2", "node-b", 600, 0, new byte[0])));
        CompletableFuture<Void> moved = broker.core().moveOut("device-2", image -> CompletableFuture.completedFuture(null),
                d -> CompletableFuture.completedFuture(null), 60_000);
        assertThat(moved).isNotNull();
        rows.sync();
        assertThat(store.find("device-2").nodeId()).as("A does not write a moved session, nor delete B's row")
                .isEqualTo("node-b");

        // a session of A's whose row is gone from the store (pruned): written again once it changes
        try (PahoV5 other = new PahoV5(broker.tcpUri(), "device-3", options(true, 600L))) {
            other.subscribe("a/#", 1);
            rows.sync();
            store.delete(java.util.List.of("device-3"), "node-a");
            other.subscribe("b/#", 1);
            Thread.sleep(100);
            rows.sync();
            assertThat(store.find("device-3")).isNotNull();
        }
    }
}
