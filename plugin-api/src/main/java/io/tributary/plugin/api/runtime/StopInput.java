package io.tributary.plugin.api.runtime;

import java.time.Duration;

/**
 * What {@link Integration#stop} gets.
 *
 * @since 0.1
 */
public interface StopInput {
    /** How long stop may take before the platform gives up waiting. */
    Duration timeout();
}
