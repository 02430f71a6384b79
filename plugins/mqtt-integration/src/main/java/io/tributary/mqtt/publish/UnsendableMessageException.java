package io.tributary.mqtt.publish;

/** A message that cannot become a publish (e.g. its topic expands to an invalid topic name): retrying cannot help. */
public final class UnsendableMessageException extends Exception {
    public UnsendableMessageException(String message) {
        super(message);
    }
}
