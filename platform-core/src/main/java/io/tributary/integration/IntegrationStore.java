package io.tributary.integration;

import java.util.List;
import java.util.Optional;

/**
 * Where integration definitions are kept; owned by this package and implemented by
 * {@code storage} (SQLite), so the feature does not depend on its storage. Stores what it is
 * given: validation, masking and encrypting secrets are the service's job.
 */
public interface IntegrationStore {
    /** Every integration, oldest first. */
    List<IntegrationDefinition> findAll();

    Optional<IntegrationDefinition> findById(String id);

    Optional<IntegrationDefinition> findByName(String name);

    /** Inserts a new integration; fails when the id or name is taken. */
    void insert(IntegrationDefinition d);

    /** Replaces name, type, enabled, configuration and additional info; false when the id is unknown. */
    boolean update(IntegrationDefinition d);

    /** Ids of the integrations stored before secrets were encrypted, whose secrets may be in clear. */
    List<String> idsWithUnsealedSecrets();

    /** False when the id is unknown. */
    boolean setEnabled(String id, boolean enabled);

    /** False when the id is unknown. */
    boolean delete(String id);
}
