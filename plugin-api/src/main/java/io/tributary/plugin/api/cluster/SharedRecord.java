package io.tributary.plugin.api.cluster;

/**
 * A record read from a shared log.
 *
 * @param partition the partition it is in
 * @param offset    its position in that partition (increasing, not necessarily consecutive)
 * @param key       the key it was appended with
 * @param value     its bytes
 * @since 0.4
 */
public record SharedRecord(int partition, long offset, byte[] key, byte[] value) {
}
