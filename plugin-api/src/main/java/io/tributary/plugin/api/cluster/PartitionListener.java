package io.tributary.plugin.api.cluster;

import java.util.Set;

/**
 * Told which partitions a {@link SharedLogReader} gains and loses. Called on the polling thread,
 * from inside {@link SharedLogReader#poll}.
 *
 * @since 0.4
 */
public interface PartitionListener {
    /** The reader now reads these partitions too, from the group's committed position. */
    void assigned(Set<Integer> partitions);

    /**
     * The reader is about to lose these partitions: commit what is done for them now (with
     * {@link SharedLogReader#commit}); records of them read but not committed will be read again
     * by their next owner.
     */
    void revoked(Set<Integer> partitions);

    /**
     * The partitions were taken away without a chance to commit (the member was thought dead).
     * By default the same as {@link #revoked} without the commit being possible.
     */
    default void lost(Set<Integer> partitions) {
        revoked(partitions);
    }
}
