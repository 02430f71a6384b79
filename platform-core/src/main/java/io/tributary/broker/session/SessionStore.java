package io.tributary.broker.session;

import java.util.Collection;
import java.util.function.Function;

/**
 * Where sessions live. In memory for now; a durable implementation can replace it without
 * touching the protocol code.
 */
public interface SessionStore {
    Session get(String clientId);

    Session computeIfAbsent(String clientId, Function<String, Session> factory);

    /** Removes the session only if it is still {@code session} (not a newer one). */
    boolean remove(String clientId, Session session);

    Collection<Session> all();

    int size();
}
