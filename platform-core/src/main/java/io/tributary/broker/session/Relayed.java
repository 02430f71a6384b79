package io.tributary.broker.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Collects, on the routing thread, the relays of deliveries to sessions that moved to another
 * node ({@link Session.Relay}), so that a publisher is acknowledged only once those are stored
 * too. Routing returns journal offsets, not futures; this carries the rare futures beside them.
 */
public final class Relayed {
    private static final ThreadLocal<List<CompletableFuture<Void>>> PENDING = ThreadLocal.withInitial(ArrayList::new);

    private Relayed() {
    }

    static void note(CompletableFuture<Void> relayed) {
        PENDING.get().add(relayed);
    }

    /** The relays noted on this thread since the last call, completed together; {@code null} for none. */
    public static CompletableFuture<Void> take() {
        List<CompletableFuture<Void>> pending = PENDING.get();
        if (pending.isEmpty()) {
            return null;
        }
        CompletableFuture<Void> all = pending.size() == 1 ? pending.get(0)
                : CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        pending.clear();
        return all;
    }
}
