package io.tributary.integration.source;

import io.tributary.broker.BrokerCore;
import io.tributary.broker.message.BrokerMessage;
import io.tributary.broker.topic.Topics;
import io.tributary.plugin.api.message.UserProperty;
import io.tributary.plugin.api.source.MessagePublisher;
import io.tributary.plugin.api.source.PublishException;
import io.tributary.plugin.api.source.SourceMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One integration's way into the broker: the checks a client's PUBLISH gets (topic name, topic
 * levels, packet size), then {@link BrokerCore#publish}, the path of a client's PUBLISH, whose
 * completion is the point a QoS 1/2 client would get its PUBACK. No ACL check: the integration
 * was configured by an admin, not by an MQTT client.
 */
public final class IntegrationPublisher implements MessagePublisher {
    private final SourcePublishing owner;
    private final String integrationName;
    private final PublishCounters counters;
    private volatile boolean closed;

    IntegrationPublisher(SourcePublishing owner, String integrationName, PublishCounters counters) {
        this.owner = owner;
        this.integrationName = integrationName;
        this.counters = counters;
    }

    @Override
    public CompletionStage<Void> publish(SourceMessage message) {
        counters.offered();
        if (closed || owner.closed()) {
            counters.failed();
            return failed(PublishException.Reason.NOT_RUNNING, closed ? "the integration " + integrationName
                    + " is stopped" : "the platform is shutting down");
        }
        BrokerCore core = owner.core();
        String problem = problem(message, core);
        if (problem != null) {
            counters.failed();
            return failed(PublishException.Reason.INVALID_MESSAGE, problem);
        }
        CompletableFuture<Void> accepted;
        try {
            accepted = core.publish(toBrokerMessage(message));
        } catch (RuntimeException e) {
            counters.failed();
            return failed(PublishException.Reason.NOT_STORED, "the broker could not take the message: " + e);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        accepted.whenComplete((ok, error) -> {
            if (error == null) {
                counters.accepted();
                result.complete(null);
            } else {
                counters.failed();
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                result.completeExceptionally(new PublishException(PublishException.Reason.NOT_STORED,
                        "the message could not be stored: " + cause, cause));
            }
        });
        return result;
    }

    /** No publish is accepted any more; those already accepted or waiting for room complete as the broker decides. */
    public void close() {
        closed = true;
    }

    private static String problem(SourceMessage m, BrokerCore core) {
        String topic = m.topic();
        if (!Topics.isValidTopicName(topic)) {
            return topic.isEmpty() ? "the MQTT topic is empty"
                    : "'" + abbreviate(topic) + "' is not a valid MQTT topic name (no + or #, no NUL, at most 65535 characters)";
        }
        if (core.settings().limits().tooManyLevels(topic)) {
            return "the MQTT topic '" + abbreviate(topic) + "' has more than " + core.settings().limits().maxTopicLevels()
                    + " levels (mqtt.max-topic-levels)";
        }
        if (!m.responseTopic().isEmpty() && !Topics.isValidTopicName(m.responseTopic())) {
            return "the response topic '" + abbreviate(m.responseTopic()) + "' is not a valid MQTT topic name";
        }
        if (m.payloadSize() > core.settings().maxPacketSize()) {
            return "the payload (" + m.payloadSize() + " bytes) is larger than mqtt.max-packet-size ("
                    + core.settings().maxPacketSize() + " bytes)";
        }
        return null;
    }

    static BrokerMessage toBrokerMessage(SourceMessage m) {
        long now = System.currentTimeMillis();
        long expiresAt = m.messageExpirySeconds() > 0 ? now + m.messageExpirySeconds() * 1000 : 0;
        return BrokerMessage.fromIntegration(m.topic(), m.payload(), m.qos(), m.retain(), now, expiresAt,
                properties(m), m.origin().isEmpty() ? null : m.origin());
    }

    private static BrokerMessage.ForwardedProperties properties(SourceMessage m) {
        byte[] correlation = m.correlationData();
        if (m.userProperties().isEmpty() && m.contentType().isEmpty() && m.responseTopic().isEmpty()
                && correlation.length == 0 && !m.payloadFormatUtf8()) {
            return BrokerMessage.ForwardedProperties.NONE;
        }
        List<Map.Entry<String, String>> user = new ArrayList<>(m.userProperties().size());
        for (UserProperty p : m.userProperties()) {
            user.add(Map.entry(p.key(), p.value()));
        }
        return new BrokerMessage.ForwardedProperties(m.payloadFormatUtf8() ? Boolean.TRUE : null,
                m.contentType().isEmpty() ? null : m.contentType(),
                m.responseTopic().isEmpty() ? null : m.responseTopic(),
                correlation.length == 0 ? null : correlation, List.copyOf(user));
    }

    private static CompletionStage<Void> failed(PublishException.Reason reason, String text) {
        return CompletableFuture.failedFuture(new PublishException(reason, text));
    }

    private static String abbreviate(String topic) {
        return topic.length() <= 200 ? topic : topic.substring(0, 200) + "...";
    }
}
