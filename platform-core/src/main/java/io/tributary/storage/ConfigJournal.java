package io.tributary.storage;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.UUID;

/**
 * The {@code config_changes} table: which configuration changed, written by the stores in the
 * transaction of the change itself, and read by {@link ConfigSync} on the other nodes. Only a
 * shared store (PostgreSQL) keeps it; on SQLite {@link #record} does nothing, one process being
 * the only writer.
 */
public final class ConfigJournal {
    /** What changed. */
    public enum Scope {
        /** One integration, the item is its id. */
        INTEGRATION("integration"),
        /** The MQTT users (their passwords, flags, client id patterns). */
        MQTT_USERS("mqtt_users"),
        /** The ACL rules, all of them (they are saved as one ordered list). */
        MQTT_ACL("mqtt_acl");

        private final String column;

        Scope(String column) {
            this.column = column;
        }

        static Scope of(String column) {
            for (Scope s : values()) {
                if (s.column.equals(column)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** One row. */
    public record Change(long version, Scope scope, String item, String writer) {
    }

    /** A journal that records nothing: stores built without one (tests, tools). */
    public static final ConfigJournal NONE = new ConfigJournal(null, "none");

    private final Database database;
    private final String writer;

    /**
     * @param writer who writes through these stores: unique per process (node id plus a random
     *               part), so that a node skips exactly its own changes even when two nodes share a
     *               node id
     */
    public ConfigJournal(Database database, String writer) {
        this.database = database;
        this.writer = writer;
    }

    /** A journal for this process, named after {@code nodeId}. */
    public static ConfigJournal forNode(Database database, String nodeId) {
        return new ConfigJournal(database, nodeId + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The name this process writes its rows under. */
    public String writer() {
        return writer;
    }

    /** True when changes are recorded (the store is shared). */
    public boolean enabled() {
        return database != null && database.shared();
    }

    /**
     * Records a change in {@code h}'s transaction (the caller's change and this row commit or roll
     * back together). Taking the next version locks the clock row until commit, so versions become
     * visible in order and a reader that saw version n has seen every smaller one.
     */
    void record(Handle h, Scope scope, String item) {
        if (!enabled()) {
            return;
        }
        h.execute("UPDATE config_clock SET version = version + 1 WHERE id = 1");
        long version = h.createQuery("SELECT version FROM config_clock WHERE id = 1").mapTo(Long.class).one();
        h.createUpdate("INSERT INTO config_changes (version, scope, item, node_id, time) "
                        + "VALUES (:version, :scope, :item, :node, :time)")
                .bind("version", version).bind("scope", scope.column).bind("item", item)
                .bind("node", writer).bind("time", System.currentTimeMillis()).execute();
    }

    /** The last version handed out (0 before any change). */
    public long current() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT version FROM config_clock WHERE id = 1")
                .mapTo(Long.class).one());
    }

    /** Changes after {@code version}, oldest first, at most {@code limit}. */
    public List<Change> since(long version, int limit) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT version, scope, item, node_id FROM config_changes "
                        + "WHERE version > :version ORDER BY version LIMIT :limit")
                .bind("version", version).bind("limit", limit)
                .map((rs, ctx) -> new Change(rs.getLong(1), Scope.of(rs.getString(2)), rs.getString(3), rs.getString(4)))
                .list());
    }

    /** Deletes rows older than {@code cutoffMillis}; a node that missed them resynchronises everything. */
    public int prune(long cutoffMillis) {
        return database.jdbi().withHandle(h -> h.createUpdate("DELETE FROM config_changes WHERE time < :cutoff")
                .bind("cutoff", cutoffMillis).execute());
    }
}
