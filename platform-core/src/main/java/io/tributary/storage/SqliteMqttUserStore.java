package io.tributary.storage;

import io.tributary.broker.auth.MqttUser;
import io.tributary.broker.auth.MqttUserStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * MQTT users in the {@code mqtt_users} table (SQLite or PostgreSQL, despite the name). Changes,
 * except the last-connect time, are written to the {@link ConfigJournal} in the same transaction.
 */
public final class SqliteMqttUserStore implements MqttUserStore {
    private static final ConfigJournal.Scope SCOPE = ConfigJournal.Scope.MQTT_USERS;

    private final Database database;
    private final ConfigJournal journal;

    public SqliteMqttUserStore(Database database) {
        this(database, ConfigJournal.NONE);
    }

    public SqliteMqttUserStore(Database database, ConfigJournal journal) {
        this.database = database;
        this.journal = journal;
    }

    @Override
    public List<MqttUser> loadAll() {
        return jdbi().withHandle(h -> h.createQuery("SELECT username, password_hash, enabled, client_id_pattern, "
                        + "created_time, last_connect_time FROM mqtt_users ORDER BY username")
                .map((rs, ctx) -> new MqttUser(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4),
                        rs.getLong(5), rs.getLong(6)))
                .list());
    }

    @Override
    public boolean insert(MqttUser u) {
        return jdbi().inTransaction(h -> journaled(h, h.createUpdate("INSERT INTO mqtt_users (username, "
                        + "password_hash, enabled, client_id_pattern, created_time, last_connect_time) "
                        + "VALUES (:name, :hash, :enabled, :pattern, :created, :last) ON CONFLICT DO NOTHING")
                .bind("name", u.username()).bind("hash", u.passwordHash()).bind("enabled", u.enabled() ? 1 : 0)
                .bind("pattern", u.clientIdPattern()).bind("created", u.createdTime())
                .bind("last", u.lastConnectTime()).execute()));
    }

    @Override
    public void update(MqttUser u) {
        jdbi().useTransaction(h -> journaled(h, h.createUpdate("UPDATE mqtt_users SET password_hash = :hash, "
                        + "enabled = :enabled, client_id_pattern = :pattern WHERE username = :name")
                .bind("name", u.username()).bind("hash", u.passwordHash()).bind("enabled", u.enabled() ? 1 : 0)
                .bind("pattern", u.clientIdPattern()).execute()));
    }

    @Override
    public void delete(String username) {
        jdbi().useTransaction(h -> journaled(h, h.createUpdate("DELETE FROM mqtt_users WHERE username = :name")
                .bind("name", username).execute()));
    }

    @Override
    public void lastConnect(String username, long time) {
        jdbi().useHandle(h -> h.createUpdate("UPDATE mqtt_users SET last_connect_time = :time WHERE username = :name")
                .bind("name", username).bind("time", time).execute());
    }

    private boolean journaled(Handle h, int rows) {
        if (rows > 0) {
            journal.record(h, SCOPE, null);
        }
        return rows == 1;
    }

    /** Per call, so a store used after {@link Database#close()} fails clearly. */
    private Jdbi jdbi() {
        return database.jdbi();
    }
}
