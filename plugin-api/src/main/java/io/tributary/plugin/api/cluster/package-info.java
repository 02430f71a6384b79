/**
 * Clustering seam of the plugin API: a plugin offers a shared, partitioned, replicated log
 * ({@link io.tributary.plugin.api.cluster.SharedLogProvider}) that nodes of a cluster append to
 * and read from in consumer groups. The platform carries each integration's log over it when the
 * {@code cluster.*} settings name the provider; the same seam is meant for other logs between
 * nodes later.
 *
 * @since 0.4
 */
package io.tributary.plugin.api.cluster;
