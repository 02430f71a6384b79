package io.tributary.storage;

import io.tributary.broker.auth.MqttUser;
import io.tributary.broker.auth.MqttUserStore;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** MQTT users in the {@code mqtt_users} table. */
public final class SqliteMqttUserStore implements MqttUserStore {
    private final Database database;

    public SqliteMqttUserStore(Database database) {
        this.database = database;
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
        return jdbi().withHandle(h -> h.createUpdate("INSERT OR IGNORE INTO mqtt_users (username, password_hash, "
                        + "enabled, client_id_pattern, created_time, last_connect_time) "
                        + "VALUES (:name, :hash, :enabled, :pattern, :created, :last)")
                .bind("name", u.username()).bind("hash", u.passwordHash()).bind("enabled", u.enabled() ? 1 : 0)
                .bind("pattern", u.clientIdPattern()).bind("created", u.createdTime())
                .bind("last", u.lastConnectTime()).execute()) == 1;
    }

    @Override
    public void update(MqttUser u) {
        jdbi().useHandle(h -> h.createUpdate("UPDATE mqtt_users SET password_hash = :hash, enabled = :enabled, "
                        + "client_id_pattern = :pattern WHERE username = :name")
                .bind("name", u.username()).bind("hash", u.passwordHash()).bind("enabled", u.enabled() ? 1 : 0)
                .bind("pattern", u.clientIdPattern()).execute());
    }

    @Override
    public void delete(String username) {
        jdbi().useHandle(h -> h.createUpdate("DELETE FROM mqtt_users WHERE username = :name")
                .bind("name", username).execute());
    }

    @Override
    public void lastConnect(String username, long time) {
        jdbi().useHandle(h -> h.createUpdate("UPDATE mqtt_users SET last_connect_time = :time WHERE username = :name")
                .bind("name", username).bind("time", time).execute());
    }

    /** Per call, so a store used after {@link Database#close()} fails clearly. */
    private Jdbi jdbi() {
        return database.jdbi();
    }
}
