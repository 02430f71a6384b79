package io.tributary.integration.commons.record;

/**
 * A message that cannot become what the integration sends (a Kafka record, an HTTP request):
 * e.g. its topic template expands to an illegal name, or a template reads a payload field the
 * message lacks. Retrying cannot help: plugins fail the message with a {@code PermanentFailure}
 * (error event, dead letter) and go on with the next.
 */
public final class UnsendableMessageException extends RuntimeException {
    public UnsendableMessageException(String message) {
        super(message);
    }
}
