package io.tributary.integration.log;

import io.tributary.storage.log.Durability;

import java.nio.file.Path;

/**
 * How integration logs are kept.
 *
 * @param dir            directory holding one sub-directory per integration
 * @param durability     when an appended message counts as stored
 * @param maxMessages    messages one log may hold before publishers are held (QoS 1/2) or dropped (QoS 0)
 * @param maxBytes       bytes one log may take before the same happens
 * @param maxRecordBytes largest encoded message (a longer length on disk is corruption)
 */
public record LogSettings(Path dir, Durability durability, long maxMessages, long maxBytes, int maxRecordBytes) {
    private static final long MIN_SEGMENT = 64 * 1024;
    private static final long MAX_SEGMENT = 64 * 1024 * 1024;
    private static final long MAX_CACHE = 8 * 1024 * 1024;

    /** Segment size: an eighth of the byte bound, so reclaiming whole segments keeps disk use near it. */
    public long segmentBytes() {
        return Math.max(MIN_SEGMENT, Math.min(MAX_SEGMENT, maxBytes / 8));
    }

    /** Memory for recently appended records of one log. */
    public long cacheBytes() {
        return Math.min(MAX_CACHE, Math.max(MIN_SEGMENT, maxBytes / 4));
    }
}
