package io.tributary.integration;

/** What an integration is doing, as shown to operators. */
public enum IntegrationStatus {
    /** Not enabled. */
    DISABLED,
    /** Enabled, starting (or waiting to retry a start). */
    PENDING,
    /** Started and processing messages. */
    ACTIVE,
    /** Could not start, or its plugin is missing; the reason says why. */
    FAILED
}
