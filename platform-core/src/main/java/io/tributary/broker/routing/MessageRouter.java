package io.tributary.broker.routing;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.retain.RetainedStore;
import io.tributary.broker.session.Delivery;
import io.tributary.broker.session.Session;
import io.tributary.broker.session.SessionStore;
import io.tributary.broker.session.Subscription;
import io.tributary.broker.topic.TopicTrie;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Finds the subscribers of a published message in the topic trie and hands each one a
 * {@link Delivery}: once per client even when several of its filters match (highest QoS, all
 * subscription identifiers), and to one member per share group, round-robin.
 */
public final class MessageRouter {
    /** Every share group is served here (a single broker, or no other node has the group). */
    public static final Predicate<String> ALL_GROUPS = group -> true;
    /** Every session may get the message. */
    public static final Predicate<Session> ANY_SESSION = session -> true;

    private final TopicTrie<SubscriberKey, Subscription> trie = new TopicTrie<>();
    private final SessionStore sessions;
    private final Map<String, AtomicInteger> shareCursors = new ConcurrentHashMap<>();
    /** Filters as subscribed ({@code $share/...} included) with their subscriber counts, for other nodes. */
    private final Map<String, Integer> filters = new ConcurrentHashMap<>();
    /** Members (client ids) of each share group as subscribed ({@code $share/g/filter}). */
    private final Map<String, java.util.Set<String>> shareMembers = new ConcurrentHashMap<>();
    /**
     * Retained publishes (store + route) hold the read side; a new subscription is added, and the
     * retained store's sequence number read, under the write side. So a retained message stored
     * at or before that number was routed before the subscription existed (the subscriber gets it
     * from the store), one stored after is routed to it live (it does not get it from the store):
     * exactly once, never an older retained value after a newer live one. The write side is held
     * for the trie update only, never while retained messages are collected.
     */
    private final ReentrantReadWriteLock retainedGate = new ReentrantReadWriteLock();

    public MessageRouter(SessionStore sessions) {
        this.sessions = sessions;
    }

    /**
     * Adds or replaces a subscription.
     *
     * @return true when the client had no subscription to exactly this filter before
     */
    public boolean subscribe(Subscription s) {
        Session session = sessions.get(s.clientId());
        if (session != null) {
            session.putSubscription(s);
        }
        boolean isNew = trie.put(s.filter().filter(), new SubscriberKey(s.clientId(), s.filter().shareGroup()), s) == null;
        if (isNew) {
            filters.merge(s.filter().raw(), 1, Integer::sum);
            if (s.filter().shareGroup() != null) {
                shareMembers.computeIfAbsent(s.filter().raw(), g -> ConcurrentHashMap.newKeySet()).add(s.clientId());
            }
        }
        return isNew;
    }

    /** @return true when the subscription existed */
    public boolean unsubscribe(Session session, String rawFilter) {
        Subscription s = session.removeSubscription(rawFilter);
        if (s == null) {
            return false;
        }
        if (trie.remove(s.filter().filter(), new SubscriberKey(s.clientId(), s.filter().shareGroup())) != null) {
            filters.computeIfPresent(s.filter().raw(), (f, n) -> n <= 1 ? null : n - 1);
            if (s.filter().shareGroup() != null) {
                shareMembers.computeIfPresent(s.filter().raw(), (g, members) -> {
                    members.remove(s.clientId());
                    return members.isEmpty() ? null : members;
                });
            }
        }
        return true;
    }

    /** Whether a member of share group {@code raw} ({@code $share/g/filter}) is connected here. */
    public boolean shareGroupOnline(String raw) {
        java.util.Set<String> members = shareMembers.get(raw);
        if (members == null) {
            return false;
        }
        for (String clientId : members) {
            Session session = sessions.get(clientId);
            if (session != null && session.online()) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link #filters()}, without the share groups none of whose members is connected here:
     * another node with a connected member should serve them (a single broker, too, prefers those).
     */
    public java.util.Set<String> filtersServedNow() {
        java.util.Set<String> now = new java.util.HashSet<>(filters.keySet());
        now.removeIf(f -> shareMembers.containsKey(f) && !shareGroupOnline(f));
        return now;
    }

    /** The filters at least one session subscribes to, as subscribed ({@code $share/...} included). */
    public java.util.Set<String> filters() {
        return java.util.Set.copyOf(filters.keySet());
    }

    /** Removes all of a session's subscriptions from the trie (session ended). */
    public void removeAll(Session session) {
        for (Subscription s : List.copyOf(session.subscriptions().values())) {
            unsubscribe(session, s.filter().raw());
        }
    }

    public int subscriptionCount() {
        return trie.size();
    }

    /**
     * Stores {@code message} in {@code retained} when its retain flag is set, then routes it;
     * both in one step as far as a new subscription is concerned (see {@link #retainedGate}).
     *
     * @param levels the message's topic split by {@link io.tributary.broker.topic.Topics#levels}
     * @return the highest journal offset written for it (retained store, persistent sessions), or -1
     */
    public long route(BrokerMessage message, RetainedStore retained, String[] levels) {
        return route(message, retained, levels, ALL_GROUPS);
    }

    /**
     * As {@link #route(BrokerMessage, RetainedStore, String[])}, delivering to a member of only
     * those share groups {@code groups} accepts (as subscribed, {@code $share/g/filter}): the
     * others are served by another node.
     */
    public long route(BrokerMessage message, RetainedStore retained, String[] levels, Predicate<String> groups) {
        if (!message.retain()) {
            return route(message, levels, true, groups, ANY_SESSION);
        }
        retainedGate.readLock().lock();
        try {
            long mark = retained.apply(message);
            return Math.max(mark, route(message, levels, true, groups, ANY_SESSION));
        } finally {
            retainedGate.readLock().unlock();
        }
    }

    /**
     * Runs {@code action} while no retained message is being stored and routed and no
     * subscription is being added (ACL re-checks after a rule change). Must not be called from
     * inside a routing step.
     */
    public void whileRetainedStable(Runnable action) {
        retainedGate.writeLock().lock();
        try {
            action.run();
        } finally {
            retainedGate.writeLock().unlock();
        }
    }

    /**
     * Adds or replaces a subscription that may be sent retained messages.
     *
     * @return whether it is new, and up to which retained sequence number
     * ({@link RetainedStore#lastSeq}) it is to be sent retained messages from the store
     */
    public Subscribed subscribe(Subscription s, RetainedStore retained) {
        retainedGate.writeLock().lock();
        try {
            boolean isNew = subscribe(s);
            return new Subscribed(isNew, retained.lastSeq());
        } finally {
            retainedGate.writeLock().unlock();
        }
    }

    /**
     * Result of {@link #subscribe(Subscription, RetainedStore)}.
     *
     * @param isNew        the client had no subscription to exactly this filter before
     * @param retainedAsOf retained messages stored up to this sequence number are sent from the store
     */
    public record Subscribed(boolean isNew, long retainedAsOf) {
    }

    /**
     * Delivers {@code message} to the matching subscribers only: no retained store (a message
     * forwarded from another node, whose retained part is shared otherwise).
     *
     * @return the highest journal offset written for it, or -1
     */
    public long deliver(BrokerMessage message, String[] levels) {
        return route(message, levels, true, ALL_GROUPS, ANY_SESSION);
    }

    /**
     * As {@link #deliver(BrokerMessage, String[])}, to the subscribers that are in no share group
     * only when {@code unshared}, and to one member of each matching share group {@code groups}
     * accepts.
     */
    public long deliver(BrokerMessage message, String[] levels, boolean unshared, Predicate<String> groups) {
        return route(message, levels, unshared, groups, ANY_SESSION);
    }

    /** As {@link #deliver(BrokerMessage, String[], boolean, Predicate)}, to the sessions {@code to} accepts only. */
    public long deliver(BrokerMessage message, String[] levels, boolean unshared, Predicate<String> groups,
                        Predicate<Session> to) {
        return route(message, levels, unshared, groups, to);
    }

    /** The share groups ({@code $share/g/filter}) with a member here whose filter matches {@code topic}. */
    public java.util.Set<String> shareGroups(String topic, String[] levels) {
        java.util.Set<String> groups = new java.util.HashSet<>(2);
        trie.match(topic, levels, (key, sub) -> {
            if (key.shareGroup() != null) {
                groups.add(sub.filter().raw());
            }
        });
        return groups;
    }

    /** Delivers {@code message} to the matching subscribers; returns the highest journal offset written, or -1. */
    private long route(BrokerMessage message, String[] levels, boolean unshared, Predicate<String> groups,
                       Predicate<Session> to) {
        Map<String, Target> direct = new HashMap<>();
        Map<String, List<Subscription>> shared = null;
        String publisher = message.publisherId();
        List<Subscription> sharedMatches = new ArrayList<>(0);
        trie.match(message.topic(), levels, (key, sub) -> {
            if (key.shareGroup() != null) {
                if (groups == ALL_GROUPS || groups.test(sub.filter().raw())) {
                    sharedMatches.add(sub);
                }
                return;
            }
            if (!unshared || (sub.noLocal() && key.clientId().equals(publisher))) {
                return;
            }
            direct.computeIfAbsent(key.clientId(), k -> new Target()).add(sub);
        });
        if (!sharedMatches.isEmpty()) {
            shared = new HashMap<>();
            for (Subscription s : sharedMatches) {
                shared.computeIfAbsent(s.filter().raw(), k -> new ArrayList<>()).add(s);
            }
        }
        long mark = -1;
        for (Map.Entry<String, Target> e : direct.entrySet()) {
            Session session = sessions.get(e.getKey());
            if (session != null && session.mayReceive(message.topic()) && (to == ANY_SESSION || to.test(session))) {
                Target t = e.getValue();
                mark = Math.max(mark, session.offer(new Delivery(message, Math.min(message.qos(), t.qos),
                        t.retainAsPublished && message.retain(), t.ids())));
            }
        }
        if (shared != null) {
            for (Map.Entry<String, List<Subscription>> e : shared.entrySet()) {
                mark = Math.max(mark, deliverShared(e.getKey(), e.getValue(), message, to));
            }
        }
        return mark;
    }

    /** @return the journal offset written for the member that got it, or -1 */
    private long deliverShared(String raw, List<Subscription> members, BrokerMessage message, Predicate<Session> to) {
        // sort for a stable rotation order, prefer members that are online
        members.sort((a, b) -> a.clientId().compareTo(b.clientId()));
        int start = Math.floorMod(shareCursors.computeIfAbsent(raw, k -> new AtomicInteger()).getAndIncrement(),
                members.size());
        Session fallback = null;
        Subscription fallbackSub = null;
        for (int i = 0; i < members.size(); i++) {
            Subscription s = members.get((start + i) % members.size());
            Session session = sessions.get(s.clientId());
            if (session == null || !session.mayReceive(message.topic()) || (to != ANY_SESSION && !to.test(session))) {
                continue; // gone, or its ACL does not allow this topic: another member gets it
            }
            if (session.online()) {
                return session.offer(new Delivery(message, Math.min(message.qos(), s.qos()), false, ids(s)));
            }
            if (fallback == null) {
                fallback = session;
                fallbackSub = s;
            }
        }
        if (fallback != null) {
            return fallback.offer(new Delivery(message, Math.min(message.qos(), fallbackSub.qos()), false,
                    ids(fallbackSub)));
        }
        return -1;
    }

    private static int[] ids(Subscription s) {
        return s.subscriptionId() > 0 ? new int[]{s.subscriptionId()} : null;
    }

    private static final class Target {
        int qos;
        boolean retainAsPublished;
        int[] ids = new int[0];

        void add(Subscription s) {
            qos = Math.max(qos, s.qos());
            retainAsPublished |= s.retainAsPublished();
            if (s.subscriptionId() > 0) {
                ids = java.util.Arrays.copyOf(ids, ids.length + 1);
                ids[ids.length - 1] = s.subscriptionId();
            }
        }

        int[] ids() {
            return ids;
        }
    }
}
