package io.tributary.plugin.api.runtime;

/**
 * What {@link Integration#start} tells the platform: that it cannot start (without throwing),
 * or how many messages it can take at once.
 *
 * @since 0.1
 */
public interface StartOutput {
    /** The integration cannot start; it becomes FAILED with {@code reason}. */
    void preventStart(String reason);

    /**
     * How many {@link Integration#process} calls may be incomplete at once for this integration,
     * instead of the platform's {@code integration.max-inflight}. For clients that pipeline or
     * batch (a Kafka producer fills batches only when many records are in flight); a client
     * that opens a connection per message should leave the platform's default. Values below 1
     * are ignored.
     *
     * @since 0.1
     */
    default void maxInFlight(int messages) {
    }
}
