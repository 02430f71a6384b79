package io.tributary.plugin.api.runtime;

/**
 * Lets {@link Integration#start} refuse to start without throwing.
 *
 * @since 0.1
 */
public interface StartOutput {
    /** The integration cannot start; it becomes FAILED with {@code reason}. */
    void preventStart(String reason);
}
