package io.tributary.integration.deadletter;

import io.tributary.integration.runtime.IntegrationRuntime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What operators do with an integration's dead letters: list them, replay them into the
 * integration's log (the oldest first; a replayed one leaves the dead letters only once it is
 * stored in the log), and purge them.
 */
public final class DeadLetterService {
    private static final int BATCH = 500;

    private final DeadLetterStore store;
    private final IntegrationRuntime runtime;

    public DeadLetterService(DeadLetterStore store, IntegrationRuntime runtime) {
        this.store = store;
        this.runtime = runtime;
    }

    /**
     * Outcome of a replay.
     *
     * @param replayed  dead letters put back into the log
     * @param remaining dead letters of the integration left
     * @param logFull   true when the replay stopped because the integration's log is full
     */
    public record ReplayResult(int replayed, long remaining, boolean logFull) {
    }

    public List<DeadLetter> list(String integrationId, int limit, long beforeId) {
        return store.list(integrationId, limit, beforeId);
    }

    public long count(String integrationId) {
        return store.count(integrationId);
    }

    /** Replays the given dead letters (unknown ids are ignored), oldest first. */
    public ReplayResult replay(String integrationId, Collection<Long> ids) {
        return replay(integrationId, store.get(integrationId, ids));
    }

    /** Replays every dead letter of the integration, oldest first, until done or the log is full. */
    public ReplayResult replayAll(String integrationId) {
        int total = 0;
        while (true) {
            List<DeadLetter> batch = store.oldest(integrationId, BATCH);
            ReplayResult r = replay(integrationId, batch);
            total += r.replayed();
            if (r.logFull() || batch.size() < BATCH) {
                return new ReplayResult(total, r.remaining(), r.logFull());
            }
        }
    }

    /** Purges the given dead letters; returns how many were removed. */
    public int purge(String integrationId, Collection<Long> ids) {
        return store.delete(integrationId, ids);
    }

    /** Purges all of the integration's dead letters; returns how many were removed. */
    public int purgeAll(String integrationId) {
        return store.deleteAll(integrationId);
    }

    private ReplayResult replay(String integrationId, List<DeadLetter> letters) {
        List<Long> stored = new ArrayList<>();
        int replayed = 0;
        boolean full = false;
        for (DeadLetter d : letters) {
            if (!runtime.requeue(integrationId, d.message())) {
                full = true;
                break;
            }
            stored.add(d.id());
            replayed++;
            if (stored.size() == BATCH) {
                store.delete(integrationId, stored);
                stored.clear();
            }
        }
        store.delete(integrationId, stored);
        return new ReplayResult(replayed, store.count(integrationId), full);
    }
}
