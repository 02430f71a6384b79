package io.tributary.storage;

import io.tributary.cluster.NodeEndpoints;
import io.tributary.cluster.NodeHealth;
import io.tributary.cluster.NodeIntegration;
import io.tributary.cluster.NodeRow;
import io.tributary.cluster.NodeStore;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.core.type.TypeReference;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The nodes' rows in {@code cluster_nodes} (SQLite or PostgreSQL). */
public final class SqlNodeStore implements NodeStore {
    private static final String COLUMNS = "node_id, instance, roles, version, admin_url, mqtt_listeners, started_at, "
            + "last_seen, stopped_at, ready, failed_integrations, connections, integrations";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<NodeIntegration>> INTEGRATIONS = new TypeReference<>() {
    };

    private final Database database;

    public SqlNodeStore(Database database) {
        this.database = database;
    }

    private Jdbi jdbi() {
        return database.jdbi();
    }

    @Override
    public boolean write(NodeRow r, long staleBefore) {
        // one statement: two processes claiming the same id cannot both pass a read-then-write check
        return jdbi().withHandle(h -> h.createUpdate("INSERT INTO cluster_nodes (" + COLUMNS + ") VALUES (:id, "
                        + ":instance, :roles, :version, :admin, :mqtt, :started, :seen, 0, :ready, :failed, :connections, "
                        + ":integrations) ON CONFLICT (node_id) DO UPDATE SET instance = excluded.instance, "
                        + "roles = excluded.roles, version = excluded.version, admin_url = excluded.admin_url, "
                        + "mqtt_listeners = excluded.mqtt_listeners, started_at = excluded.started_at, "
                        + "last_seen = excluded.last_seen, stopped_at = 0, ready = excluded.ready, "
                        + "failed_integrations = excluded.failed_integrations, connections = excluded.connections, "
                        + "integrations = excluded.integrations WHERE cluster_nodes.instance = excluded.instance "
                        + "OR cluster_nodes.last_seen < :stale OR cluster_nodes.stopped_at > 0")
                .bind("id", r.nodeId()).bind("instance", r.instance()).bind("roles", String.join(",", r.roles()))
                .bind("version", r.version()).bind("admin", r.endpoints().adminUrl())
                .bind("mqtt", StorageJson.write(r.endpoints().mqttListeners())).bind("started", r.startedAt())
                .bind("seen", r.lastSeen()).bind("ready", r.health().ready() ? 1 : 0)
                .bind("failed", r.health().failedIntegrations()).bind("connections", r.health().connections())
                .bind("integrations", StorageJson.write(r.health().integrations())).bind("stale", staleBefore)
                .execute() > 0);
    }

    @Override
    public Optional<NodeRow> find(String nodeId) {
        return jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM cluster_nodes WHERE node_id = :id")
                .bind("id", nodeId).map((rs, ctx) -> row(rs)).findOne());
    }

    @Override
    public List<NodeRow> all() {
        return jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM cluster_nodes ORDER BY node_id")
                .map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public void stopped(String nodeId, String instance, long time) {
        jdbi().useHandle(h -> h.createUpdate("UPDATE cluster_nodes SET stopped_at = :time, last_seen = :time, "
                        + "ready = 0, connections = 0 WHERE node_id = :id AND instance = :instance")
                .bind("time", time).bind("id", nodeId).bind("instance", instance).execute());
    }

    @Override
    public boolean delete(String nodeId) {
        return jdbi().withHandle(h -> h.createUpdate("DELETE FROM cluster_nodes WHERE node_id = :id")
                .bind("id", nodeId).execute() > 0);
    }

    @Override
    public int deleteSeenBefore(long cutoff) {
        return jdbi().withHandle(h -> h.createUpdate("DELETE FROM cluster_nodes WHERE last_seen < :cutoff")
                .bind("cutoff", cutoff).execute());
    }

    private static NodeRow row(ResultSet rs) throws SQLException {
        String listeners = rs.getString(6);
        String integrations = rs.getString(13);
        NodeHealth health = new NodeHealth(rs.getInt(10) != 0, rs.getInt(11), rs.getLong(12),
                integrations == null ? List.of() : StorageJson.MAPPER.readValue(integrations, INTEGRATIONS));
        return new NodeRow(rs.getString(1), rs.getString(2), Arrays.asList(rs.getString(3).split(",")),
                rs.getString(4), new NodeEndpoints(rs.getString(5),
                        listeners == null ? List.of() : StorageJson.MAPPER.readValue(listeners, STRINGS)),
                rs.getLong(7), rs.getLong(8), rs.getLong(9), health);
    }
}
