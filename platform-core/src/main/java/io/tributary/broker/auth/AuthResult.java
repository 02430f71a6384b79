package io.tributary.broker.auth;

/** Outcome of checking a client's credentials. */
public enum AuthResult {
    /** Credentials accepted (or anonymous access allowed). */
    ALLOWED,
    /** A user name or password was given and is wrong. */
    BAD_CREDENTIALS,
    /** No credentials while anonymous access is off, a disabled user, or a client id the user may not use. */
    NOT_AUTHORIZED,
    /** Too many password checks waiting: the client should retry later. */
    BUSY
}
