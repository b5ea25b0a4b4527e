package io.vigil.model;

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
 */
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
        boolean anomalous) {
    public ScoredPoint {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score " + score + " outside [0,1] for " + series);
        }
    }
}
