package io.tributary.storage;

import io.tributary.integration.events.EventSink;
import io.tributary.integration.events.EventType;
import io.tributary.integration.events.IntegrationEvent;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Integration events in the {@code events} table (body as JSON). Events are kept after their
 * integration is deleted until {@link #prune} removes them.
 */
public final class SqliteEventSink implements EventSink {
    private final Database database;

    public SqliteEventSink(Database database) {
        this.database = database;
    }

    @Override
    public void record(IntegrationEvent event) {
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO events (integration_id, type, event, time, body) "
                        + "VALUES (:integrationId, :type, :event, :time, :body)")
                .bind("integrationId", event.integrationId())
                .bind("type", event.type().name())
                .bind("event", event.event())
                .bind("time", event.time())
                .bind("body", StorageJson.write(event.body() == null ? Map.of() : event.body()))
                .execute());
    }

    @Override
    public List<IntegrationEvent> list(String integrationId, EventType type, long from, long before, int limit) {
        String sql = "SELECT id, integration_id, type, event, time, body FROM events "
                + "WHERE integration_id = :integrationId AND time >= :from AND time < :before"
                + (type == null ? "" : " AND type = :type")
                + " ORDER BY time DESC, id DESC LIMIT :limit";
        return jdbi().withHandle(h -> {
            Query q = h.createQuery(sql).bind("integrationId", integrationId)
                    .bind("from", from).bind("before", before).bind("limit", Math.max(0, limit));
            if (type != null) {
                q.bind("type", type.name());
            }
            return q.map(SqliteEventSink::map).list();
        });
    }

    /**
     * Deletes every event (of any integration) whose time is before {@code olderThanMillis}, an
     * epoch-millis cut-off such as {@code now - ttl}.
     *
     * @return how many events were deleted
     */
    public int prune(long olderThanMillis) {
        return jdbi().withHandle(h -> h.createUpdate("DELETE FROM events WHERE time < :cutoff")
                .bind("cutoff", olderThanMillis).execute());
    }

    private static IntegrationEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new IntegrationEvent(rs.getLong("id"), rs.getString("integration_id"),
                EventType.valueOf(rs.getString("type")), rs.getString("event"), rs.getLong("time"),
                StorageJson.readMap(rs.getString("body")));
    }

    /** Per call, so a repository used after {@link Database#close()} fails clearly. */
    private Jdbi jdbi() {
        return database.jdbi();
    }
}
