package io.tributary.broker.auth;

import java.util.List;

/**
 * Where {@link MqttUsers} keeps its users (SQLite in the platform, implemented in
 * {@code io.tributary.storage}). Calls come from admin threads and, for
 * {@link #lastConnect} and re-hashes, from one background writer, never from an event loop.
 */
public interface MqttUserStore {
    /** Nothing is kept: users live as long as the broker (the broker on its own, tests). */
    MqttUserStore NONE = new MqttUserStore() {
        @Override
        public List<MqttUser> loadAll() {
            return List.of();
        }

        @Override
        public boolean insert(MqttUser user) {
            return true;
        }

        @Override
        public void update(MqttUser user) {
        }

        @Override
        public void delete(String username) {
        }

        @Override
        public void lastConnect(String username, long time) {
        }
    };

    List<MqttUser> loadAll();

    /** @return false when a user of that name exists already */
    boolean insert(MqttUser user);

    /** Writes hash, enabled flag and client id pattern. */
    void update(MqttUser user);

    void delete(String username);

    void lastConnect(String username, long time);
}
