package io.tributary.bench.load;

import java.util.concurrent.CompletableFuture;

/** One publisher's way out: an MQTT client or a Kafka producer. Completes when the message is sent (QoS 0) or acknowledged. */
@FunctionalInterface
public interface Sender {
    CompletableFuture<?> send(byte[] payload);
}
