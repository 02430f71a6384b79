package io.tributary.plugin.api.source;

import java.util.concurrent.CompletionStage;

/**
 * Publishes messages into the broker on behalf of an integration. Implemented by the platform;
 * obtained from {@link io.tributary.plugin.api.runtime.IntegrationContext#publisher()}.
 *
 * <p>Threading: thread-safe, may be called from any thread, never blocks. The returned stage
 * may complete on a platform thread: do not block in its callbacks.
 *
 * <p>Acceptance is the point at which an MQTT client publishing the same message with the same
 * QoS would get its PUBACK: the message is routed to the subscribers, stored in the session
 * queue of every persistent QoS 1/2 subscriber, in the durable log of every integration whose
 * topic filters match it, and as the retained message when retained. A source that must not
 * lose messages acknowledges them to the system they came from (commits an offset, acks a
 * delivery) only after the stage completed normally, and keeps a bounded number of publishes
 * incomplete: when integration logs are full the stage stays incomplete until there is room,
 * which is the platform's backpressure. At QoS 0 the stage completes once the message is
 * routed; like any QoS 0 message it may be dropped (full log, offline subscriber).
 *
 * <p>Publishes are admin-configured and bypass the MQTT access rules (ACLs) that apply to
 * clients.
 *
 * @since 0.2
 */
public interface MessagePublisher {

    /**
     * Publishes {@code message}.
     *
     * @return completes when the broker accepted the message; completes exceptionally with a
     * {@link PublishException} when it did not (see {@link PublishException.Reason})
     */
    CompletionStage<Void> publish(SourceMessage message);
}
