package io.tributary.integration.log;

import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.storage.log.Durability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Opens integration logs as the {@link LogSettings} say: segment files per integration, or
 * memory; or, in a cluster, a shared log per integration that every node appends to and the
 * executors read.
 */
public final class IntegrationLogs {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

    private final LogSettings settings;
    private final SharedLogs shared;
    private final boolean reads;

    public IntegrationLogs(LogSettings settings) {
        this(settings, null, true);
    }

    /**
     * @param shared the cluster's shared logs, or {@code null} for local logs
     * @param reads  whether this node reads the shared logs (an executor)
     */
    public IntegrationLogs(LogSettings settings, SharedLogs shared, boolean reads) {
        this.settings = settings;
        this.shared = shared;
        this.reads = reads;
    }

    /** Whether the logs are shared by the nodes of a cluster. */
    public boolean shared() {
        return shared != null;
    }

    public LogSettings settings() {
        return settings;
    }

    /** Opens (creating) the log of an integration; recovers it after a crash. */
    public IntegrationLog open(String integrationId, String name) {
        if (shared != null) {
            String log = sharedName(integrationId);
            shared.create(log, CREATE_TIMEOUT); // every node: the first one creates it
            return new SharedIntegrationLog(shared, log, name, reads);
        }
        if (settings.durability() == Durability.MEMORY) {
            return new MemoryIntegrationLog();
        }
        return LocalIntegrationLog.open(directory(integrationId), name, settings.durability(),
                settings.segmentBytes(), settings.maxRecordBytes(), settings.cacheBytes());
    }

    /** The shared log of an integration: {@code integration.<id>} (a hash of the id when that is not a safe name). */
    public static String sharedName(String integrationId) {
        return "integration." + safe(integrationId);
    }

    /** The directory of an integration's log: its id when that is a safe file name, else a hash of it. */
    public Path directory(String integrationId) {
        return settings.dir().resolve(safe(integrationId));
    }

    private static String safe(String integrationId) {
        if (SAFE.matcher(integrationId).matches()) {
            return integrationId;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(integrationId.getBytes(StandardCharsets.UTF_8));
            return "h-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
