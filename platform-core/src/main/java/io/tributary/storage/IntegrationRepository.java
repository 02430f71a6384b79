package io.tributary.storage;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStore;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores {@link IntegrationDefinition}s in the {@code integrations} table; configuration and
 * additional info are JSON columns. Stores what it is given: validation and secret masking are
 * the service's job, and so is encrypting secrets: every row written here is marked as having
 * its secrets sealed ({@code secrets_sealed}); rows from before schema version 4 are not.
 * Whether it also receives client events is a column of its own ({@code send_client_events},
 * schema version 5), not part of the configuration JSON.
 */
public final class IntegrationRepository implements IntegrationStore {
    private static final String COLUMNS = "id, name, type, enabled, configuration, additional_info, created_time, "
            + "send_client_events";

    private final Database database;

    public IntegrationRepository(Database database) {
        this.database = database;
    }

    /** Every integration, oldest first. */
    @Override
    public List<IntegrationDefinition> findAll() {
        return jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM integrations ORDER BY created_time, name")
                .map(IntegrationRepository::map).list());
    }

    @Override
    public Optional<IntegrationDefinition> findById(String id) {
        return jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM integrations WHERE id = :id")
                .bind("id", id).map(IntegrationRepository::map).findOne());
    }

    @Override
    public Optional<IntegrationDefinition> findByName(String name) {
        return jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM integrations WHERE name = :name")
                .bind("name", name).map(IntegrationRepository::map).findOne());
    }

    /** Inserts a new integration; fails when the id or name is taken. */
    @Override
    public void insert(IntegrationDefinition d) {
        jdbi().useHandle(h -> h.createUpdate("INSERT INTO integrations (" + COLUMNS + ", secrets_sealed) VALUES "
                        + "(:id, :name, :type, :enabled, :configuration, :additionalInfo, :createdTime, "
                        + ":sendClientEvents, 1)")
                .bind("id", d.id()).bind("name", d.name()).bind("type", d.type()).bind("enabled", d.enabled())
                .bind("configuration", StorageJson.write(StoredConfiguration.of(d.configuration())))
                .bind("sendClientEvents", sendClientEvents(d))
                .bind("additionalInfo", StorageJson.write(d.additionalInfo()))
                .bind("createdTime", d.createdTime())
                .execute());
    }

    /** Replaces name, type, enabled, configuration and additional info; false when the id is unknown. */
    @Override
    public boolean update(IntegrationDefinition d) {
        return jdbi().withHandle(h -> h.createUpdate("UPDATE integrations SET name = :name, type = :type, "
                        + "enabled = :enabled, configuration = :configuration, additional_info = :additionalInfo, "
                        + "send_client_events = :sendClientEvents, secrets_sealed = 1 WHERE id = :id")
                .bind("id", d.id()).bind("name", d.name()).bind("type", d.type()).bind("enabled", d.enabled())
                .bind("configuration", StorageJson.write(StoredConfiguration.of(d.configuration())))
                .bind("sendClientEvents", sendClientEvents(d))
                .bind("additionalInfo", StorageJson.write(d.additionalInfo()))
                .execute()) == 1;
    }

    /** Ids of the integrations stored before secrets were encrypted, whose secrets may be in clear. */
    @Override
    public List<String> idsWithUnsealedSecrets() {
        return jdbi().withHandle(h -> h.createQuery("SELECT id FROM integrations WHERE secrets_sealed = 0 ORDER BY id")
                .mapTo(String.class).list());
    }

    /** False when the id is unknown. */
    @Override
    public boolean setEnabled(String id, boolean enabled) {
        return jdbi().withHandle(h -> h.createUpdate("UPDATE integrations SET enabled = :enabled WHERE id = :id")
                .bind("id", id).bind("enabled", enabled).execute()) == 1;
    }

    /** False when the id is unknown. */
    @Override
    public boolean delete(String id) {
        return jdbi().withHandle(h -> h.createUpdate("DELETE FROM integrations WHERE id = :id")
                .bind("id", id).execute()) == 1;
    }

    private static boolean sendClientEvents(IntegrationDefinition d) {
        return d.configuration() != null && d.configuration().sendClientEvents();
    }

    private static IntegrationDefinition map(ResultSet rs, StatementContext ctx) throws SQLException {
        StoredConfiguration stored = StorageJson.read(rs.getString("configuration"), StoredConfiguration.class);
        return new IntegrationDefinition(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("type"),
                rs.getBoolean("enabled"),
                stored == null ? null : stored.with(rs.getBoolean("send_client_events")),
                StorageJson.read(rs.getString("additional_info"), AdditionalInfo.class),
                rs.getLong("created_time"));
    }

    /** The {@code configuration} column: the TBMQ configuration object without the platform's own settings. */
    private record StoredConfiguration(List<String> topicFilters, Map<String, Object> clientConfiguration,
                                       Map<String, String> metadata) {
        static StoredConfiguration of(Configuration c) {
            return c == null ? null : new StoredConfiguration(c.topicFilters(), c.clientConfiguration(), c.metadata());
        }

        Configuration with(boolean sendClientEvents) {
            return new Configuration(topicFilters, clientConfiguration, metadata, sendClientEvents);
        }
    }

    /** Per call, so a repository used after {@link Database#close()} fails clearly. */
    private Jdbi jdbi() {
        return database.jdbi();
    }
}
