package io.tributary.integration.log;

import io.tributary.storage.log.Durability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Opens integration logs as the {@link LogSettings} say: segment files per integration, or memory. */
public final class IntegrationLogs {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final LogSettings settings;

    public IntegrationLogs(LogSettings settings) {
        this.settings = settings;
    }

    public LogSettings settings() {
        return settings;
    }

    /** Opens (creating) the log of an integration; recovers it after a crash. */
    public IntegrationLog open(String integrationId, String name) {
        if (settings.durability() == Durability.MEMORY) {
            return new MemoryIntegrationLog();
        }
        return LocalIntegrationLog.open(directory(integrationId), name, settings.durability(),
                settings.segmentBytes(), settings.maxRecordBytes(), settings.cacheBytes());
    }

    /** The directory of an integration's log: its id when that is a safe file name, else a hash of it. */
    public Path directory(String integrationId) {
        if (SAFE.matcher(integrationId).matches()) {
            return settings.dir().resolve(integrationId);
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(integrationId.getBytes(StandardCharsets.UTF_8));
            return settings.dir().resolve("h-" + HexFormat.of().formatHex(hash, 0, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
