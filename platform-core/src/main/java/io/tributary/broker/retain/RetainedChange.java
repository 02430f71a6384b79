package io.tributary.broker.retain;

/**
 * A retained message as the shared store holds it.
 *
 * @param message the encoded message ({@code MessageCodec}), or {@code null}: the topic was cleared
 * @param version orders the changes of all nodes; 0 before it is written
 * @param writer  the process that made the change
 */
public record RetainedChange(String topic, byte[] message, long version, String writer) {
}
