package io.tributary.storage;

import io.tributary.broker.takeover.ClientClaim;
import io.tributary.broker.takeover.ClientClaimStore;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Client claims in {@code client_claims}, PostgreSQL only (one process on SQLite has nothing to
 * take over from). Times are the database server's clock, so the nodes' clocks may differ.
 */
public final class SqlClientClaimStore implements ClientClaimStore {
    private static final String NOW = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT";

    private final Database database;

    public SqlClientClaimStore(Database database) {
        if (!database.shared()) {
            throw new IllegalArgumentException("Client claims are kept on a shared store (PostgreSQL) only");
        }
        this.database = database;
    }

    @Override
    public Map<String, Long> claim(List<String> clientIds, String nodeId) {
        return database.jdbi().inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO client_claims (client_id, node_id, time) "
                    + "VALUES (:client, :node, " + NOW + ")");
            for (String id : clientIds) {
                batch.bind("client", id).bind("node", nodeId).add();
            }
            Map<String, Long> ids = new HashMap<>();
            batch.executePreparedBatch("id", "client_id")
                    .map((rs, ctx) -> Map.entry(rs.getString("client_id"), rs.getLong("id")))
                    .forEach(e -> ids.merge(e.getKey(), e.getValue(), Math::max));
            return ids;
        });
    }

    @Override
    public List<ClientClaim> recent(long lookbackMillis, String excludeNodeId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id, client_id, node_id FROM client_claims "
                        + "WHERE time > " + NOW + " - :lookback AND node_id <> :node ORDER BY id")
                .bind("lookback", lookbackMillis).bind("node", excludeNodeId)
                .map((rs, ctx) -> new ClientClaim(rs.getLong(1), rs.getString(2), rs.getString(3))).list());
    }

    @Override
    public int prune(long ageMillis) {
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM client_claims WHERE time < " + NOW
                + " - :age").bind("age", ageMillis).execute());
    }
}
