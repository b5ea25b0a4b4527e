package io.vigil.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.List;
import java.util.Map;

/**
 * A grid point after detection: one row of {@code scores.csv}; the anomalous ones are the events
 * of {@code vigil.anomalies}.
 *
 * @param expected the detectors' expected value (NaN before warm-up)
 * @param lower lower edge of the normal band (NaN before warm-up)
 * @param upper upper edge of the normal band (NaN before warm-up)
 * @param score combined anomaly score in [0, 1]
 * @param detectors each warm detector's score in [0, 1], by detector name
 * @param anomalous true when Vigil raises or keeps an anomaly for this point
 * @param service the service the series belongs to ("" when no service label is set)
 * @param entity for an entity-level (multi-metric) anomaly the entity it concerns, else ""
 * @param contributors for an entity-level anomaly its metrics that contributed most, largest first
 * @param intervalMs the series' own sampling interval (0 when unknown: an entity, a test point)
 * @param model the model store version the series' models were started from ("" when they learned
 *     in the stream only; null in state saved before the field existed)
 */
@TypeInfo(CompactTypeInfo.Factory.class)
@WrittenBy(ScoredPointSerializer.class)
public record ScoredPoint(
        String series,
        String metric,
        Map<String, String> labels,
        String service,
        long timestampMs,
        double value,
        double expected,
        double lower,
        double upper,
        double score,
        Direction direction,
        Map<String, Double> detectors,
        boolean anomalous,
        String entity,
        List<Contributor> contributors,
        long intervalMs,
        String model) {
    public ScoredPoint {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score " + score + " outside [0,1] for " + series);
        }
    }

    /** A point whose models did not come from a model store. */
    public ScoredPoint(String series, String metric, Map<String, String> labels, String service, long timestampMs,
            double value, double expected, double lower, double upper, double score, Direction direction,
            Map<String, Double> detectors, boolean anomalous, String entity, List<Contributor> contributors,
            long intervalMs) {
        this(series, metric, labels, service, timestampMs, value, expected, lower, upper, score, direction, detectors,
                anomalous, entity, contributors, intervalMs, "");
    }

    /** A point of one series (no entity). */
    public ScoredPoint(String series, String metric, Map<String, String> labels, String service, long timestampMs,
            double value, double expected, double lower, double upper, double score, Direction direction,
            Map<String, Double> detectors, boolean anomalous) {
        this(series, metric, labels, service, timestampMs, value, expected, lower, upper, score, direction, detectors,
                anomalous, "", List.of(), 0);
    }

    /** The same point kept as evidence only: same score, no longer an anomaly. */
    public ScoredPoint demoted() {
        return new ScoredPoint(series, metric, labels, service, timestampMs, value, expected, lower, upper, score,
                direction, detectors, false, entity, contributors, intervalMs, model);
    }

    /** The model store version, "" when none (also for state saved before it was recorded). */
    public String modelVersion() {
        return model == null ? "" : model;
    }

    /** The same point attributed to {@code s}. */
    public ScoredPoint withService(String s) {
        return s.equals(service) ? this
                : new ScoredPoint(series, metric, labels, s, timestampMs, value, expected, lower, upper, score, direction,
                        detectors, anomalous, entity, contributors, intervalMs, model);
    }
}
