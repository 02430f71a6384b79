package io.tributary.integration.log;

import io.tributary.broker.message.BrokerMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ordered store of the messages one integration has still to deliver: the seam between the
 * broker, which appends, and the integration's delivery, which reads, delivers and commits.
 * Local segment files by default ({@link LocalIntegrationLog}), memory when durability is off;
 * built to be filled by a partitioned topic of a cluster's log later (append = produce,
 * poll = fetch, commit = commit the consumer offset).
 *
 * <p>Offsets are consecutive. Records below the committed offset are delivered and may be
 * reclaimed; the read position runs ahead of it and goes back to it on {@link #rewind}, so
 * everything not committed is delivered again after a restart (at least once).
 *
 * <p>Threading: {@link #append} from any thread, serialized by the caller (offsets follow call
 * order); {@link #poll}, {@link #rewind} and {@link #maintain} from one consumer thread at a
 * time; {@link #commit} from any thread.
 */
public interface IntegrationLog extends AutoCloseable {
    /** Appends a message; never blocks on disk. Room is the caller's business (see {@link #messages}, {@link #bytes}). */
    long append(BrokerMessage message);

    /** Completes when the record at {@code offset} is stored as the log's durability promises; never exceptionally. */
    CompletableFuture<Void> whenStored(long offset);

    /**
     * The next unread record, or {@code null} when there is none to read now.
     *
     * @throws LogReadException when the log cannot be read (the read position stays)
     */
    LogRecord poll();

    /** Everything below {@code offset} is delivered. */
    void commit(long offset);

    /** Moves the read position back to the committed offset. */
    void rewind();

    /** Persists the committed offset and reclaims what is below it; cheap when nothing changed. */
    void maintain();

    long committed();

    /** Offset of the record {@link #poll} reads next. */
    long readPosition();

    /** Offset the next append gets. */
    long end();

    /** Messages not yet committed. */
    default long messages() {
        return end() - committed();
    }

    /** Bytes the log holds (on disk, or estimated in memory). */
    long bytes();

    /** Records found unreadable (corrupt) and passed over since the log was opened. */
    long unreadable();

    /**
     * Records handed out here that another reader will read again (their partition of a shared
     * log moved to another node before they were committed): duplicates, counted.
     */
    default long redelivered() {
        return 0;
    }

    /**
     * The partitions of a shared log this node reads now, ascending (they move between the nodes
     * that run the integration); empty for a local log, which has none.
     */
    default List<Integer> partitions() {
        return List.of();
    }

    /** Stops writing and releases files; appended records are stored before it returns. */
    @Override
    void close();

    /** Closes and deletes everything, returning the number of messages discarded. */
    long discard();
}
