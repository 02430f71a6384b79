package io.tributary.admin.health;

import io.tributary.admin.AdminHardening;
import io.tributary.admin.auth.AdminCredentials;
import io.tributary.admin.auth.LoginThrottle;
import io.tributary.metrics.MetricsServer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The admin's HTTP Basic credentials for {@code /metrics} on the separate metrics port when
 * {@code metrics.auth=true}; wrong ones count against a login throttle of their own, with the
 * admin's limits.
 */
public final class ScrapeCredentials implements MetricsServer.ScrapeAccess {
    private final AdminCredentials credentials;
    private final LoginThrottle throttle;

    public ScrapeCredentials(AdminCredentials credentials, AdminHardening hardening) {
        this.credentials = credentials;
        this.throttle = new LoginThrottle(hardening.loginMaxFailures(), hardening.loginLockout(),
                hardening.loginDelay());
    }

    @Override
    public boolean allowed(String authorization, String remoteAddress) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        if (throttle.waitFor(remoteAddress, user).isPresent()) {
            return false;
        }
        if (!credentials.verify(user, decoded.substring(colon + 1))) {
            throttle.failed(remoteAddress, user);
            return false;
        }
        throttle.succeeded(remoteAddress, user);
        return true;
    }
}
