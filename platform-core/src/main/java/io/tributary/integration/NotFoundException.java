package io.tributary.integration;

/** No integration has the given id. */
public final class NotFoundException extends RuntimeException {
    private final String id;

    public NotFoundException(String id) {
        super("integration " + id + " not found");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
