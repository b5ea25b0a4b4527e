package io.vigil.detect;

import io.vigil.model.Direction;

import java.util.Map;
import java.util.TreeMap;

/**
 * The detectors' verdicts on one point folded into one. Plain logic shared by {@link ScorePoints}
 * (the stream) and the evaluation driver, so both decide identically.
 *
 * <p>Cold-start (fallback) detectors count only while no model is warm. Among those that count, the
 * combined score is the highest (a placeholder rule until calibration lands, issue 5); the band and
 * expected value come from the first counting detector that has one. Every warm detector's score
 * is reported. A point is anomalous when the combined score reaches the threshold and the point
 * was observed, not gap-filled.
 *
 * @param detectors each warm detector's score, by detector name
 */
public record CombinedScore(
        double score, double expected, double lower, double upper, Direction direction,
        Map<String, Double> detectors, boolean anomalous) {

    /** Folds verdicts given in the order of {@code names}; {@code fallback[i]} marks cold-start ones. */
    public static CombinedScore of(
            String[] names, boolean[] fallback, DetectorScore[] verdicts, double threshold, boolean filled) {
        Map<String, Double> scores = new TreeMap<>();
        boolean modelWarm = false;
        for (int i = 0; i < verdicts.length; i++) {
            if (verdicts[i].warm()) {
                scores.put(names[i], verdicts[i].score());
                modelWarm |= !fallback[i];
            }
        }
        DetectorScore best = null;
        DetectorScore banded = null;
        for (int i = 0; i < verdicts.length; i++) {
            DetectorScore s = verdicts[i];
            if (!s.warm() || (modelWarm && fallback[i])) {
                continue;
            }
            if (best == null || s.score() > best.score()) {
                best = s;
            }
            if (banded == null && !Double.isNaN(s.lower())) {
                banded = s;
            }
        }
        double score = best == null ? 0.0 : best.score();
        return new CombinedScore(score,
                banded == null ? Double.NaN : banded.expected(),
                banded == null ? Double.NaN : banded.lower(),
                banded == null ? Double.NaN : banded.upper(),
                best == null ? Direction.NONE : best.direction(),
                scores,
                !filled && best != null && score >= threshold);
    }
}
