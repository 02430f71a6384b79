package io.tributary.storage;

import io.tributary.config.StoredSettings;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/** Platform settings as key/value text, e.g. the hashed admin password. */
public final class SettingsRepository implements StoredSettings {
    private final Database database;

    public SettingsRepository(Database database) {
        this.database = database;
    }

    @Override
    public Optional<String> get(String key) {
        return jdbi().withHandle(h -> h.createQuery("SELECT value FROM settings WHERE key = :key")
                .bind("key", key).mapTo(String.class).findOne());
    }

    /** Inserts or replaces. */
    @Override
    public void put(String key, String value) {
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO settings (key, value) VALUES (:key, :value) "
                        + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind("key", key).bind("value", value).execute());
    }

    /**
     * Stores {@code value} only when {@code key} has none; returns the value now stored (the
     * existing one when another caller was first).
     */
    public String putIfAbsent(String key, String value) {
        return jdbi().inTransaction(h -> {
            h.createUpdate("INSERT INTO settings (key, value) VALUES (:key, :value) ON CONFLICT DO NOTHING")
                    .bind("key", key).bind("value", value).execute();
            return h.createQuery("SELECT value FROM settings WHERE key = :key")
                    .bind("key", key).mapTo(String.class).one();
        });
    }

    /** False when the key had no value. */
    @Override
    public boolean remove(String key) {
        return jdbi().withHandle(h -> h.createUpdate("DELETE FROM settings WHERE key = :key")
                .bind("key", key).execute()) == 1;
    }

    /** Per call, so a repository used after {@link Database#close()} fails clearly. */
    private Jdbi jdbi() {
        return database.jdbi();
    }
}
