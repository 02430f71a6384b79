package io.tributary.admin;

import io.tributary.config.ConfigKey;
import io.tributary.config.TributaryConfig;

import java.time.Duration;

/**
 * Limits of the admin against guessing and abuse: login throttling (per source address and per
 * user name) and the largest request body of ordinary routes.
 *
 * @param loginMaxFailures failures after which logins are refused for {@code loginLockout}
 * @param loginLockout     how long logins stay refused
 * @param loginDelay       wait after the first failure; doubles with each further one
 * @param maxRequestBytes  largest body of JSON and form routes (not the plugin upload, not /login)
 */
public record AdminHardening(int loginMaxFailures, Duration loginLockout, Duration loginDelay, long maxRequestBytes) {
    /** The defaults of the configuration keys. */
    public static AdminHardening defaults() {
        return from(TributaryConfig.of(java.util.Map.of()));
    }

    public static AdminHardening from(TributaryConfig config) {
        return new AdminHardening(config.getInt(ConfigKey.ADMIN_LOGIN_MAX_FAILURES),
                Duration.ofSeconds(config.getLong(ConfigKey.ADMIN_LOGIN_LOCKOUT)),
                Duration.ofMillis(config.getLong(ConfigKey.ADMIN_LOGIN_DELAY)),
                config.getLong(ConfigKey.ADMIN_MAX_REQUEST_BYTES));
    }
}
