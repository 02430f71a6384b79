package io.tributary.integration.runtime;

import io.tributary.integration.IntegrationStatus;

/**
 * Status of one integration.
 *
 * @param status             DISABLED, PENDING, ACTIVE or FAILED
 * @param reason             why it is FAILED (or PENDING a retry), else {@code null}
 * @param connected          plugin-reported connectivity, {@code null} when unknown
 * @param connectivityDetail plugin-reported detail (last error), or {@code null}
 */
public record StatusView(IntegrationStatus status, String reason, Boolean connected, String connectivityDetail) {
    public static final StatusView DISABLED = new StatusView(IntegrationStatus.DISABLED, null, null, null);
}
