package io.tributary.storage;

import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;

/**
 * Where the configuration store is: empty {@code url} for the SQLite file in {@code data.dir}, or a
 * {@code jdbc:postgresql://} URL shared by the nodes of a cluster. {@link #toString()} never shows
 * the password.
 *
 * @param url      {@code storage.url}
 * @param user     {@code storage.user} (may be empty: the driver's default or the URL's)
 * @param password {@code storage.password}, a secret
 * @param poolSize {@code storage.pool-size}, connections kept to PostgreSQL
 */
public record StorageOptions(String url, String user, String password, int poolSize) {
    /** The JDBC URL prefix of PostgreSQL. */
    public static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /** The embedded default. */
    public static final StorageOptions SQLITE = new StorageOptions("", "", "", 1);

    public StorageOptions {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    public static StorageOptions from(TributaryConfig config) {
        return new StorageOptions(config.get(ConfigKey.STORAGE_URL), config.get(ConfigKey.STORAGE_USER),
                config.get(ConfigKey.STORAGE_PASSWORD), (int) config.getLong(ConfigKey.STORAGE_POOL_SIZE));
    }

    public Dialect dialect() {
        return url.isEmpty() ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    /** True when several nodes share the store, so that changes made by others must be followed. */
    public boolean shared() {
        return dialect() == Dialect.POSTGRESQL;
    }

    /** The URL without user information or parameters (which may hold a password), for logs. */
    public String safeUrl() {
        String u = url;
        int query = u.indexOf('?');
        if (query >= 0) {
            u = u.substring(0, query);
        }
        int at = u.lastIndexOf('@');
        int scheme = u.indexOf("//");
        if (at >= 0 && scheme >= 0 && at > scheme) {
            u = u.substring(0, scheme + 2) + u.substring(at + 1);
        }
        return u;
    }

    @Override
    public String toString() {
        return "StorageOptions[url=" + safeUrl() + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", poolSize=" + poolSize + "]";
    }
}
