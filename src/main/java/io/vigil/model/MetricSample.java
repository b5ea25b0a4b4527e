package io.vigil.model;

import java.util.Map;

/**
 * One decoded sample of one series.
 *
 * @param series canonical series id, {@code metric{k="v",...}} with labels sorted
 * @param metric the metric name ({@code __name__})
 * @param labels every label except {@code __name__}
 * @param timestampMs event time, epoch milliseconds
 * @param value the sample value; NaN only when {@code stale} is set
 * @param stale a Prometheus staleness marker: the series ended, this is not a value
 * @param origin which input split (Kafka topic and partition) it came from: event time advances per
 *     origin ({@link io.vigil.ingest.SplitWatermarks}); 0 for files
 */
public record MetricSample(
        String series,
        String metric,
        Map<String, String> labels,
        long timestampMs,
        double value,
        boolean stale,
        int origin) {
    public MetricSample {
        if (series == null || metric == null || labels == null) {
            throw new IllegalArgumentException("MetricSample needs series, metric and labels");
        }
        if (!stale && !Double.isFinite(value)) {
            throw new IllegalArgumentException("non-finite value " + value + " for " + series);
        }
    }

    /** A sample of no particular origin (files, tests). */
    public MetricSample(String series, String metric, Map<String, String> labels, long timestampMs, double value,
            boolean stale) {
        this(series, metric, labels, timestampMs, value, stale, 0);
    }

    public MetricSample withOrigin(int o) {
        return o == origin ? this : new MetricSample(series, metric, labels, timestampMs, value, stale, o);
    }

    /** The origin id of a Kafka topic partition (or a file: partition -1). */
    public static int originOf(String source, int partition) {
        return partition < 0 ? 0 : 31 * source.hashCode() + partition + 1;
    }
}
