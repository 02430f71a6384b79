package io.tributary.admin;

/** The request cannot be understood (malformed JSON, bad query parameter): HTTP 400 {"message"}. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
