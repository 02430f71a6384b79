package io.tributary.bench.load;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * Figures of one run against one target. Rates count the measured window only (warm-up
 * excluded); latencies are in milliseconds, from the timestamp in the payload to arrival at the
 * receiver (with a fixed rate, from the intended send time, so queueing delays are not hidden).
 */
public record LoadResult(String target, int publishers, int receivers, int qos, int payloadSize, int rateAsked,
                         double inPerSec, double outPerSec,
                         double p50Ms, double p95Ms, double p99Ms, double p999Ms, double maxMs,
                         long sent, long expected, long receivedUnique, long lost, long duplicates,
                         long publishFailures, long windowWaits,
                         List<Long> inSeries, List<Long> outSeries, List<Double> p99Series, int warmupSec,
                         String loadAverage,
                         @com.fasterxml.jackson.annotation.JsonIgnore Histogram histogram) {
}
