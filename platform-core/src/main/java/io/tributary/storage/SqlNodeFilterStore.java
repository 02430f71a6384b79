package io.tributary.storage;

import io.tributary.broker.forward.NodeFilterStore;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Broker nodes' topic filters in {@code cluster_subscriptions}, PostgreSQL only (a single node forwards to nobody). */
public final class SqlNodeFilterStore implements NodeFilterStore {
    private final Database database;
    private final long downAfterMillis;

    /**
     * @param downAfter how long without a heartbeat a node counts as down (as the node registry
     *                  shows it): its share groups are left out of {@link #others}
     */
    public SqlNodeFilterStore(Database database, java.time.Duration downAfter) {
        if (!database.shared()) {
            throw new IllegalArgumentException("Node subscriptions are kept on a shared store (PostgreSQL) only");
        }
        this.database = database;
        this.downAfterMillis = downAfter.toMillis();
    }

    @Override
    public void update(String nodeId, Collection<String> added, Collection<String> removed) {
        database.jdbi().useTransaction(h -> {
            if (!removed.isEmpty()) {
                PreparedBatch batch = h.prepareBatch("DELETE FROM cluster_subscriptions WHERE node_id = :node "
                        + "AND filter = :filter");
                removed.forEach(f -> batch.bind("node", nodeId).bind("filter", f).add());
                batch.execute();
            }
            if (!added.isEmpty()) {
                PreparedBatch batch = h.prepareBatch("INSERT INTO cluster_subscriptions (node_id, filter) "
                        + "VALUES (:node, :filter) ON CONFLICT DO NOTHING");
                added.forEach(f -> batch.bind("node", nodeId).bind("filter", f).add());
                batch.execute();
            }
        });
    }

    @Override
    public void clear(String nodeId) {
        database.jdbi().useHandle(h -> h.createUpdate("DELETE FROM cluster_subscriptions WHERE node_id = :node")
                .bind("node", nodeId).execute());
    }

    @Override
    public Map<String, Set<String>> others(String nodeId) {
        Map<String, Set<String>> byNode = new HashMap<>();
        // a share group is served by one member in the cluster: a node that stopped or is down must
        // not be chosen for it (what it is sent is lost), whereas its plain filters cost only appends
        long since = System.currentTimeMillis() - downAfterMillis;
        database.jdbi().useHandle(h -> h.createQuery("SELECT s.node_id, s.filter FROM cluster_subscriptions s "
                        + "LEFT JOIN cluster_nodes n ON n.node_id = s.node_id WHERE s.node_id <> :node "
                        + "AND (s.filter NOT LIKE '$share/%' OR (n.stopped_at = 0 AND n.last_seen >= :since))")
                .bind("node", nodeId).bind("since", since)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> byNode.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue())));
        return byNode;
    }
}
