package io.tributary.storage;

import io.tributary.broker.handover.SessionRow;
import io.tributary.broker.handover.SessionRowStore;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Persistent sessions' home nodes in {@code cluster_sessions}, PostgreSQL only (a single node has
 * no other home to find). {@code updated_at} and the expiry of {@link #pruneExpired} are the
 * database server's clock, as the claims'; {@code disconnected_at} is the home node's, so the
 * grace has to cover the nodes' clock skew.
 */
public final class SqlSessionRowStore implements SessionRowStore {
    private static final String NOW = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT";
    /** MQTT 5's session expiry meaning "never". */
    private static final long NEVER_EXPIRES = 0xFFFF_FFFFL;
    /** Client ids per {@code IN} list: a statement's bind parameters are limited (32767 on PostgreSQL). */
    static final int CHUNK = 500;

    private final Database database;

    public SqlSessionRowStore(Database database) {
        if (!database.shared()) {
            throw new IllegalArgumentException("Session rows are kept on a shared store (PostgreSQL) only");
        }
        this.database = database;
    }

    @Override
    public SessionRow find(String clientId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT client_id, node_id, expiry_seconds, "
                        + "disconnected_at, subscriptions FROM cluster_sessions WHERE client_id = :client")
                .bind("client", clientId)
                .map((rs, ctx) -> row(rs)).findOne().orElse(null));
    }

    @Override
    public Map<String, String> homes(Collection<String> clientIds) {
        Map<String, String> homes = new HashMap<>();
        if (clientIds.isEmpty()) {
            return homes;
        }
        database.jdbi().useHandle(h -> {
            for (List<String> chunk : chunks(clientIds)) {
                h.createQuery("SELECT client_id, node_id FROM cluster_sessions WHERE client_id IN (<clients>)")
                        .bindList("clients", chunk)
                        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                        .forEach(e -> homes.put(e.getKey(), e.getValue()));
            }
        });
        return homes;
    }

    @Override
    public void write(List<SessionRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        database.jdbi().useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO cluster_sessions (client_id, node_id, expiry_seconds, "
                    + "disconnected_at, subscriptions, updated_at) "
                    + "VALUES (:client, :node, :expiry, :disconnected, :subscriptions, " + NOW + ") "
                    + "ON CONFLICT (client_id) DO UPDATE SET node_id = excluded.node_id, "
                    + "expiry_seconds = excluded.expiry_seconds, disconnected_at = excluded.disconnected_at, "
                    + "subscriptions = excluded.subscriptions, updated_at = excluded.updated_at");
            for (SessionRow row : rows) {
                batch.bind("client", row.clientId()).bind("node", row.nodeId())
                        .bind("expiry", row.expirySeconds()).bind("disconnected", row.disconnectedAt())
                        .bind("subscriptions", Base64.getEncoder().encodeToString(row.subscriptions()))
                        .add();
            }
            batch.execute();
        });
    }

    @Override
    public void delete(Collection<String> clientIds, String nodeId) {
        if (clientIds.isEmpty()) {
            return;
        }
        database.jdbi().useTransaction(h -> {
            for (List<String> chunk : chunks(clientIds)) {
                h.createUpdate("DELETE FROM cluster_sessions WHERE node_id = :node AND client_id IN (<clients>)")
                        .bind("node", nodeId).bindList("clients", chunk).execute();
            }
        });
    }

    @Override
    public int pruneExpired(long graceMillis) {
        // connected sessions (disconnected_at 0) and those that never expire are the home node's to end
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM cluster_sessions "
                        + "WHERE disconnected_at > 0 AND expiry_seconds < :never "
                        + "AND disconnected_at + expiry_seconds * 1000 + :grace < " + NOW)
                .bind("never", NEVER_EXPIRES).bind("grace", graceMillis).execute());
    }

    private static SessionRow row(ResultSet rs) throws SQLException {
        return new SessionRow(rs.getString("client_id"), rs.getString("node_id"), rs.getLong("expiry_seconds"),
                rs.getLong("disconnected_at"), Base64.getDecoder().decode(rs.getString("subscriptions")));
    }

    private static List<List<String>> chunks(Collection<String> clientIds) {
        List<String> all = List.copyOf(clientIds);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
