package io.tributary.integration.events;

/** The three tabs of an integration's events. */
public enum EventType {
    LIFECYCLE, STATISTICS, ERROR
}
