package io.tributary.storage;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.message.MessageCodec;
import io.tributary.broker.message.RecordBuffer;
import io.tributary.integration.deadletter.DeadLetter;
import io.tributary.integration.deadletter.DeadLetterStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Dead letters in the {@code dead_letters} table, the message in Tributary's binary format. */
public final class SqliteDeadLetterStore implements DeadLetterStore {
    /** Longest error text kept. */
    static final int MAX_ERROR = 4096;

    private final Database database;

    public SqliteDeadLetterStore(Database database) {
        this.database = database;
    }

    @Override
    public long add(String integrationId, BrokerMessage message, int attempts, String error, long time) {
        RecordBuffer buf = new RecordBuffer(256 + message.payload().length);
        MessageCodec.encode(message, buf);
        byte[] encoded = Arrays.copyOf(buf.array(), buf.length());
        String text = error == null ? "" : error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        return jdbi().withHandle(h -> h.createUpdate("INSERT INTO dead_letters "
                        + "(integration_id, time, topic, client_id, qos, attempts, error, message) "
                        + "VALUES (:integrationId, :time, :topic, :clientId, :qos, :attempts, :error, :message)")
                .bind("integrationId", integrationId).bind("time", time).bind("topic", message.topic())
                .bind("clientId", message.publisherId()).bind("qos", message.qos()).bind("attempts", attempts)
                .bind("error", text).bind("message", encoded)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    @Override
    public List<DeadLetter> list(String integrationId, int limit, long beforeId) {
        return jdbi().withHandle(h -> h.createQuery("SELECT * FROM dead_letters WHERE integration_id = :id"
                        + (beforeId > 0 ? " AND id < :before" : "") + " ORDER BY id DESC LIMIT :limit")
                .bind("id", integrationId).bind("before", beforeId).bind("limit", Math.max(0, limit))
                .map(SqliteDeadLetterStore::map).list());
    }

    @Override
    public List<DeadLetter> get(String integrationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi().withHandle(h -> h.createQuery("SELECT * FROM dead_letters WHERE integration_id = :id "
                        + "AND id IN (<ids>) ORDER BY id")
                .bind("id", integrationId).bindList("ids", List.copyOf(ids))
                .map(SqliteDeadLetterStore::map).list());
    }

    @Override
    public List<DeadLetter> oldest(String integrationId, int limit) {
        return jdbi().withHandle(h -> h.createQuery("SELECT * FROM dead_letters WHERE integration_id = :id "
                        + "ORDER BY id LIMIT :limit")
                .bind("id", integrationId).bind("limit", Math.max(0, limit))
                .map(SqliteDeadLetterStore::map).list());
    }

    @Override
    public long count(String integrationId) {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dead_letters WHERE integration_id = :id")
                .bind("id", integrationId).mapTo(Long.class).one());
    }

    @Override
    public int delete(String integrationId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbi().withHandle(h -> h.createUpdate("DELETE FROM dead_letters WHERE integration_id = :id "
                        + "AND id IN (<ids>)")
                .bind("id", integrationId).bindList("ids", List.copyOf(ids)).execute());
    }

    @Override
    public int deleteAll(String integrationId) {
        return jdbi().withHandle(h -> h.createUpdate("DELETE FROM dead_letters WHERE integration_id = :id")
                .bind("id", integrationId).execute());
    }

    private static DeadLetter map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("integration_id"), rs.getLong("time"),
                MessageCodec.decode(ByteBuffer.wrap(rs.getBytes("message"))), rs.getInt("attempts"),
                rs.getString("error"));
    }

    private Jdbi jdbi() {
        return database.jdbi();
    }
}
