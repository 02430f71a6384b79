package io.tributary.integration.deadletter;

import io.tributary.broker.message.BrokerMessage;

import java.util.Collection;
import java.util.List;

/** Where dead letters are kept (SQLite in {@code storage}). Thread-safe. */
public interface DeadLetterStore {
    /** Stores one; returns its id. Throws when it could not be stored. */
    long add(String integrationId, BrokerMessage message, int attempts, String error, long time);

    /** Newest first, at most {@code limit}, with ids below {@code beforeId} when it is positive. */
    List<DeadLetter> list(String integrationId, int limit, long beforeId);

    /** The given ones of an integration, oldest first (unknown ids are left out). */
    List<DeadLetter> get(String integrationId, Collection<Long> ids);

    /** Oldest first, up to {@code limit}. */
    List<DeadLetter> oldest(String integrationId, int limit);

    long count(String integrationId);

    /** Removes the given ones; returns how many were removed. */
    int delete(String integrationId, Collection<Long> ids);

    /** Removes all of an integration's; returns how many were removed. */
    int deleteAll(String integrationId);
}
