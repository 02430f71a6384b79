package io.tributary.broker.session;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Sessions in a concurrent map; lost on restart. */
public final class InMemorySessionStore implements SessionStore {
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    @Override
    public Session computeIfAbsent(String clientId, Function<String, Session> factory) {
        return sessions.computeIfAbsent(clientId, factory);
    }

    @Override
    public boolean remove(String clientId, Session session) {
        return sessions.remove(clientId, session);
    }

    @Override
    public Collection<Session> all() {
        return sessions.values();
    }

    @Override
    public int size() {
        return sessions.size();
    }
}
