package io.tributary.kafka.producer;

import io.tributary.plugin.api.metrics.Metrics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The producer's key metrics as the integration's meters (exported by the platform as
 * {@code tributary_plugin_kafka_producer_*}): gauges that read kafka-clients' own values when
 * scraped, nothing per record. Rates are per second over the producer's sample window
 * ({@code metrics.sample.window.ms}, 30 s by default); latencies in seconds; NaN until the
 * producer has a value.
 */
final class ProducerMeters {
    private static final String GROUP = "producer-metrics";

    private ProducerMeters() {
    }

    static void register(Metrics metrics, Producer<?, ?> producer) {
        metrics.gauge("kafka_producer_record_send_rate", "Records sent per second (producer's sample window)",
                reading(producer, "record-send-rate", 1));
        metrics.gauge("kafka_producer_record_error_rate", "Record sends that failed per second (producer's sample "
                + "window)", reading(producer, "record-error-rate", 1));
        metrics.gauge("kafka_producer_request_latency_avg_seconds", "Average produce request latency (producer's "
                + "sample window)", reading(producer, "request-latency-avg", 0.001));
        metrics.gauge("kafka_producer_request_latency_max_seconds", "Longest produce request latency (producer's "
                + "sample window)", reading(producer, "request-latency-max", 0.001));
        metrics.gauge("kafka_producer_buffer_available_bytes", "Bytes of buffer.memory free for records waiting to "
                + "be sent", reading(producer, "buffer-available-bytes", 1));
    }

    /** The producer metric {@code name} times {@code scale}; the metric is looked up once, on the first read. */
    private static DoubleSupplier reading(Producer<?, ?> producer, String name, double scale) {
        return new DoubleSupplier() {
            private volatile Metric metric;

            @Override
            public double getAsDouble() {
                Metric m = metric;
                if (m == null) {
                    m = find(producer.metrics(), name);
                    if (m == null) {
                        return Double.NaN;
                    }
                    metric = m;
                }
                return m.metricValue() instanceof Number n ? n.doubleValue() * scale : Double.NaN;
            }
        };
    }

    private static Metric find(Map<MetricName, ? extends Metric> all, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : all.entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals(GROUP)) {
                return e.getValue();
            }
        }
        return null;
    }
}
