package io.tributary.config;

import java.util.Optional;

/**
 * Small text settings the platform keeps in its database (the disabled plugins, the secret-key
 * check value): an interface here so that features use them without depending on
 * {@code storage}, which implements it.
 */
public interface StoredSettings {
    Optional<String> get(String key);

    void put(String key, String value);

    /** False when the key was not set. */
    boolean remove(String key);
}
