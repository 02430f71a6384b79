package io.tributary.bench.load;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * Figures of one run against one target. Rates count the measured window only (warm-up
 * excluded); latencies are in milliseconds, from the timestamp in the payload to arrival at the
 * receiver (with a fixed rate, from the intended send time, so queueing delays are not hidden).
 * The {@code ack*} latencies are from the same timestamp to the completion of the send at the
 * publisher: the PUBACK for MQTT QoS 1 (the client's own queue before the broker's receive
 * maximum included), the acknowledgement for the raw Kafka producer. {@code extra} holds what the
 * scenario sampled during the measured window (CPU per process and thread, disk).
 */
public record LoadResult(String target, int publishers, int receivers, int qos, int payloadSize, int rateAsked,
                         double inPerSec, double outPerSec,
                         double p50Ms, double p95Ms, double p99Ms, double p999Ms, double maxMs,
                         double ackP50Ms, double ackP99Ms, double ackP999Ms, double ackMaxMs, long ackCount,
                         long sent, long expected, long receivedUnique, long lost, long duplicates,
                         long publishFailures, long windowWaits,
                         List<Long> inSeries, List<Long> outSeries, List<Double> p99Series, int warmupSec,
                         String loadAverage, java.util.Map<String, Object> extra,
                         @com.fasterxml.jackson.annotation.JsonIgnore Histogram histogram,
                         @com.fasterxml.jackson.annotation.JsonIgnore Histogram ackHistogram) {
}
