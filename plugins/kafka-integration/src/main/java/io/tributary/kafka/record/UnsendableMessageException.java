package io.tributary.kafka.record;

/** A message that cannot become a Kafka record, e.g. its topic template expands to an illegal name. */
public final class UnsendableMessageException extends RuntimeException {
    public UnsendableMessageException(String message) {
        super(message);
    }
}
