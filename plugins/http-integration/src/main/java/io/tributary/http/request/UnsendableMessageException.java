package io.tributary.http.request;

/** A message that cannot become a request, e.g. its URL template expands to an invalid URL. */
public final class UnsendableMessageException extends RuntimeException {
    public UnsendableMessageException(String message) {
        super(message);
    }
}
