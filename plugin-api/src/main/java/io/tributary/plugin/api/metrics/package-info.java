/**
 * Meters a plugin exports for its integration: counters, gauges and timers registered through
 * {@link io.tributary.plugin.api.metrics.Metrics}, obtained from
 * {@link io.tributary.plugin.api.runtime.IntegrationContext#metrics()}. The platform renders
 * them with its own meters (Prometheus {@code /metrics}) as {@code tributary_plugin_<name>},
 * labelled with the integration's name and type; plugins never see the metrics library.
 *
 * @since 0.3
 */
package io.tributary.plugin.api.metrics;
