package io.tributary.storage;

import io.tributary.integration.IntegrationDefinition;
import io.tributary.integration.IntegrationStore;
import io.tributary.integration.IntegrationDefinition.AdditionalInfo;
import io.tributary.integration.IntegrationDefinition.Configuration;
import org.jdbi.v3.core.Handle;
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
 * schema version 5), not part of the configuration JSON. Every change is also written to the
 * {@link ConfigJournal}, in the same transaction, for the other nodes sharing the store.
 */
public final class IntegrationRepository implements IntegrationStore {
    private static final String COLUMNS = "id, name, type, enabled, configuration, additional_info, created_time, "
            + "send_client_events";

    private static final ConfigJournal.Scope SCOPE = ConfigJournal.Scope.INTEGRATION;

    private final Database database;
    private final ConfigJournal journal;

    public IntegrationRepository(Database database) {
        this(database, ConfigJournal.NONE);
    }

    public IntegrationRepository(Database database, ConfigJournal journal) {
        this.database = database;
        this.journal = journal;
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
        jdbi().useTransaction(h -> {
            h.createUpdate("INSERT INTO integrations (" + COLUMNS + ", secrets_sealed) VALUES "
                            + "(:id, :name, :type, :enabled, :configuration, :additionalInfo, :createdTime, "
                            + ":sendClientEvents, 1)")
                    .bind("id", d.id()).bind("name", d.name()).bind("type", d.type()).bind("enabled", flag(d.enabled()))
                    .bind("configuration", StorageJson.write(StoredConfiguration.of(d.configuration())))
                    .bind("sendClientEvents", flag(sendClientEvents(d)))
                    .bind("additionalInfo", StorageJson.write(d.additionalInfo()))
                    .bind("createdTime", d.createdTime())
                    .execute();
            journal.record(h, SCOPE, d.id());
        });
    }

    /** Replaces name, type, enabled, configuration and additional info; false when the id is unknown. */
    @Override
    public boolean update(IntegrationDefinition d) {
        return jdbi().inTransaction(h -> journaled(h, d.id(), h.createUpdate("UPDATE integrations SET name = :name, "
                        + "type = :type, enabled = :enabled, configuration = :configuration, "
                        + "additional_info = :additionalInfo, send_client_events = :sendClientEvents, secrets_sealed = 1 "
                        + "WHERE id = :id")
                .bind("id", d.id()).bind("name", d.name()).bind("type", d.type()).bind("enabled", flag(d.enabled()))
                .bind("configuration", StorageJson.write(StoredConfiguration.of(d.configuration())))
                .bind("sendClientEvents", flag(sendClientEvents(d)))
                .bind("additionalInfo", StorageJson.write(d.additionalInfo()))
                .execute()));
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
        return jdbi().inTransaction(h -> journaled(h, id, h.createUpdate(
                        "UPDATE integrations SET enabled = :enabled WHERE id = :id")
                .bind("id", id).bind("enabled", flag(enabled)).execute()));
    }

    /** False when the id is unknown. */
    @Override
    public boolean delete(String id) {
        return jdbi().inTransaction(h -> journaled(h, id, h.createUpdate("DELETE FROM integrations WHERE id = :id")
                .bind("id", id).execute()));
    }

    /** Records the change of {@code id} when a row changed; true when one did. */
    private boolean journaled(Handle h, String id, int rows) {
        if (rows == 1) {
            journal.record(h, SCOPE, id);
        }
        return rows == 1;
    }

    /** Flags are INTEGER 0/1 columns on both engines (PostgreSQL refuses a boolean for them). */
    private static int flag(boolean value) {
        return value ? 1 : 0;
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
                rs.getInt("enabled") != 0,
                stored == null ? null : stored.with(rs.getInt("send_client_events") != 0),
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
