package io.tributary.broker.auth;

/** Outcome of checking a client's credentials. */
public enum AuthResult {
    /** Credentials accepted (or anonymous access allowed). */
    ALLOWED,
    /** A user name or password was given and is wrong. */
    BAD_CREDENTIALS,
    /** No credentials, and anonymous access is off. */
    NOT_AUTHORIZED
}
