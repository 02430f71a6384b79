package io.tributary.broker.routing;

/**
 * Key of a subscription in the topic trie: a client subscribes to a filter at most once
 * normally and at most once per share group.
 *
 * @param clientId   subscriber
 * @param shareGroup share group, or {@code null}
 */
public record SubscriberKey(String clientId, String shareGroup) {
}
