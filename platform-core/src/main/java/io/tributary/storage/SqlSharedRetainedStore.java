package io.tributary.storage;

import io.tributary.broker.retain.RetainedChange;
import io.tributary.broker.retain.SharedRetainedStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Retained messages in {@code retained_messages}, for the nodes sharing a PostgreSQL store. */
public final class SqlSharedRetainedStore implements SharedRetainedStore {
    private final Database database;

    public SqlSharedRetainedStore(Database database) {
        this.database = database;
    }

    @Override
    public Map<String, Long> write(List<RetainedChange> changes, String writer) {
        return database.jdbi().inTransaction(h -> {
            // taking the versions locks the clock row until commit: versions become visible in order
            h.createUpdate("UPDATE retained_clock SET version = version + :n WHERE id = 1")
                    .bind("n", changes.size()).execute();
            long last = h.createQuery("SELECT version FROM retained_clock WHERE id = 1").mapTo(Long.class).one();
            long version = last - changes.size();
            long now = System.currentTimeMillis();
            Map<String, Long> versions = new HashMap<>();
            for (RetainedChange c : changes) {
                version++;
                h.createUpdate("INSERT INTO retained_messages (topic, message, version, node_id, time) "
                                + "VALUES (:topic, :message, :version, :node, :time) ON CONFLICT (topic) DO UPDATE "
                                + "SET message = excluded.message, version = excluded.version, "
                                + "node_id = excluded.node_id, time = excluded.time")
                        .bind("topic", c.topic()).bind("message", c.message()).bind("version", version)
                        .bind("node", writer).bind("time", now).execute();
                versions.put(c.topic(), version);
            }
            return versions;
        });
    }

    @Override
    public List<RetainedChange> since(long version, int limit) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT topic, message, version, node_id "
                        + "FROM retained_messages WHERE version > :version ORDER BY version LIMIT :limit")
                .bind("version", version).bind("limit", limit)
                .map((rs, ctx) -> new RetainedChange(rs.getString(1), rs.getBytes(2), rs.getLong(3), rs.getString(4)))
                .list());
    }

    @Override
    public long current() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT version FROM retained_clock WHERE id = 1")
                .mapTo(Long.class).one());
    }

    @Override
    public List<RetainedChange> retained() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT topic, message, version, node_id "
                        + "FROM retained_messages WHERE message IS NOT NULL ORDER BY topic")
                .map((rs, ctx) -> new RetainedChange(rs.getString(1), rs.getBytes(2), rs.getLong(3), rs.getString(4)))
                .list());
    }

    @Override
    public int pruneCleared(long ageMillis) {
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM retained_messages "
                + "WHERE message IS NULL AND time < :cutoff").bind("cutoff", System.currentTimeMillis() - ageMillis)
                .execute());
    }
}
