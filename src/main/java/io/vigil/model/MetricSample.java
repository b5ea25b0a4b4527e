package io.vigil.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

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
 * @param partition the Kafka partition of the record it came from, or -1 (files, tests)
 * @param offset that record's Kafka offset, or its line number in a file, or -1: with the partition,
 *     where to find the record again (a late sample's dead letter carries them)
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(MetricSampleSerializer.class)
public record MetricSample(
        String series,
        String metric,
        Map<String, String> labels,
        long timestampMs,
        double value,
        boolean stale,
        int partition,
        long offset) {
    public MetricSample {
        if (series == null || metric == null || labels == null) {
            throw new IllegalArgumentException("MetricSample needs series, metric and labels");
        }
        if (!stale && !Double.isFinite(value)) {
            throw new IllegalArgumentException("non-finite value " + value + " for " + series);
        }
    }

    /** A sample of no particular record (history, tests). */
    public MetricSample(String series, String metric, Map<String, String> labels, long timestampMs, double value,
            boolean stale) {
        this(series, metric, labels, timestampMs, value, stale, -1, -1);
    }
}
