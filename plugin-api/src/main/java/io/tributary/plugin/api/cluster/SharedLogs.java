package io.tributary.plugin.api.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * An open connection to a shared log service: the logs by name, appending, and readers in
 * consumer groups. Log names are made of {@code [A-Za-z0-9._-]}; the provider may prefix them.
 *
 * <p>Threading: every method may be called from any thread; a {@link SharedLogReader} is used by
 * one thread at a time.
 *
 * @since 0.4
 */
public interface SharedLogs extends AutoCloseable {
    /**
     * Creates the log with the provider's partitions, replication and retention when it does not
     * exist yet; waits until it can be written, up to {@code timeout}.
     *
     * @throws SharedLogException when it could not be created in time
     */
    void create(String log, Duration timeout);

    /**
     * Deletes the log and everything in it, and the consumer group named like it; nothing when
     * it does not exist.
     *
     * @throws SharedLogException when the service did not confirm within {@code timeout}
     */
    void delete(String log, Duration timeout);

    /**
     * Appends a record. Records with the same key go to the same partition, in call order.
     *
     * @param key    chooses the partition (e.g. the publisher's client id); never null
     * @param record the record's bytes
     * @return completes when every replica the provider requires has stored the record (never
     *         before), exceptionally when the provider gave up on it
     */
    CompletionStage<Void> append(String log, byte[] key, byte[] record);

    /**
     * Joins the consumer group {@code group} of the log: the group's members share its partitions,
     * each partition read by one member, from the group's committed position (the beginning when
     * nothing was committed).
     */
    SharedLogReader reader(String log, String group, PartitionListener listener);

    /**
     * As {@link #reader(String, String, PartitionListener)}, as the group member {@code member}: a
     * stable name of this reader across restarts (e.g. a node id). A reader that comes back under
     * the same name after its process died takes its place and partitions at once instead of
     * waiting until the service times the dead one out; a reader closed cleanly stays the
     * group's member until that timeout (its partitions are not handed to others meanwhile), so use
     * it for a group one process reads alone. The default ignores the name.
     *
     * @since 0.5
     */
    default SharedLogReader reader(String log, String group, String member, PartitionListener listener) {
        return reader(log, group, listener);
    }

    /** Releases connections; appends not yet acknowledged complete exceptionally. */
    @Override
    void close();
}
