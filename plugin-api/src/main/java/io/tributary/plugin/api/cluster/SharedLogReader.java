package io.tributary.plugin.api.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One member of a consumer group reading a shared log: the partitions it is assigned change as
 * members come and go, and it is told through its {@link PartitionListener}, from inside
 * {@link #poll}.
 *
 * <p>Threading: one thread at a time, the listener included (it runs on the polling thread).
 *
 * @since 0.4
 */
public interface SharedLogReader extends AutoCloseable {
    /**
     * The next records of the assigned partitions, in order per partition; waits up to
     * {@code timeout} for some. Empty when there are none.
     *
     * @throws SharedLogException when the service cannot be read (the position stays)
     */
    List<SharedRecord> poll(Duration timeout);

    /**
     * Commits the group's position of partitions: for each, the offset of the next record to read
     * (everything below is done). Waits for the service, so that a member taking the partitions
     * over starts there; may be called from the listener's {@code revoked}.
     *
     * @throws SharedLogException when the commit failed (e.g. the partitions moved meanwhile)
     */
    void commit(Map<Integer, Long> nextOffsets);

    /** Reads the partition again from {@code offset} at the next {@link #poll} (if still assigned). */
    void seek(int partition, long offset);

    /** Leaves the group; its partitions move to the other members. Nothing is committed. */
    @Override
    void close();
}
