package io.tributary.broker.routing;

import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.topic.TopicTrie;
import io.tributary.broker.topic.Topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Integrations' topic filters, in a topic trie of their own (same structure as client
 * subscriptions, different delivery): a publish matching several filters of one integration
 * reaches it once.
 */
public final class IntegrationRoutes {
    private static final CompletableFuture<Void> ACCEPTED = CompletableFuture.completedFuture(null);

    private final TopicTrie<String, IntegrationSink> trie = new TopicTrie<>();
    private final Map<String, List<String>> filtersById = new ConcurrentHashMap<>();
    private final ClientEventRoutes clientEvents = new ClientEventRoutes();

    /** The integrations that also receive client lifecycle events. */
    public ClientEventRoutes clientEvents() {
        return clientEvents;
    }

    /**
     * Subscribes {@code sink} to {@code filters}, replacing the integration's previous filters.
     * The new filters are added before the old ones are removed, so a publish routed meanwhile
     * reaches the integration through one or the other, never neither.
     */
    public synchronized void register(String integrationId, List<String> filters, IntegrationSink sink) {
        List<String> parsed = new ArrayList<>();
        for (String raw : filters) {
            Topics.ParsedFilter f = Topics.parseFilter(raw);
            if (f == null) {
                throw new IllegalArgumentException("Invalid topic filter: " + raw);
            }
            parsed.add(f.filter());
        }
        for (String f : parsed) {
            trie.put(f, integrationId, sink);
        }
        List<String> old = filtersById.put(integrationId, parsed);
        if (old != null) {
            for (String f : old) {
                if (!parsed.contains(f)) {
                    trie.remove(f, integrationId);
                }
            }
        }
    }

    /** Removes the integration's topic filters, and its client events subscription. */
    public synchronized void unregister(String integrationId) {
        clientEvents.unregister(integrationId);
        List<String> old = filtersById.remove(integrationId);
        if (old != null) {
            for (String f : old) {
                trie.remove(f, integrationId);
            }
        }
    }

    public boolean isEmpty() {
        return filtersById.isEmpty();
    }

    /**
     * Offers {@code message} to every integration whose filters match it, once each.
     *
     * @param levels the message's topic split by {@link Topics#levels}
     * @return completes when every matching integration has stored the message; exceptionally when
     * one could not store it
     */
    public CompletableFuture<Void> dispatch(BrokerMessage message, String[] levels) {
        if (filtersById.isEmpty()) {
            return ACCEPTED;
        }
        Matches matched = new Matches();
        trie.match(message.topic(), levels, matched);
        if (matched.first == null) {
            return ACCEPTED;
        }
        if (matched.more == null) {
            return matched.first.offer(message); // the common case: one integration, no map
        }
        List<CompletableFuture<Void>> waiting = null;
        for (IntegrationSink sink : matched.more.values()) {
            CompletableFuture<Void> f = sink.offer(message);
            if (!f.isDone()) {
                if (waiting == null) {
                    waiting = new ArrayList<>(2);
                }
                waiting.add(f);
            }
        }
        if (waiting == null) {
            return ACCEPTED;
        }
        return waiting.size() == 1 ? waiting.get(0) : CompletableFuture.allOf(waiting.toArray(new CompletableFuture[0]));
    }

    /** The integrations a topic matched, once each, in match order; a map only from the second one on. */
    private static final class Matches implements BiConsumer<String, IntegrationSink> {
        String firstId;
        IntegrationSink first;
        Map<String, IntegrationSink> more;

        @Override
        public void accept(String id, IntegrationSink sink) {
            if (first == null) {
                firstId = id;
                first = sink;
            } else if (more == null) {
                if (!firstId.equals(id)) {
                    more = new LinkedHashMap<>(4);
                    more.put(firstId, first);
                    more.put(id, sink);
                }
            } else {
                more.putIfAbsent(id, sink);
            }
        }
    }
}
