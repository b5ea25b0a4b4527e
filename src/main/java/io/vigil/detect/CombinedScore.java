package io.vigil.detect;

import io.vigil.model.Direction;

import java.util.Map;
import java.util.TreeMap;

/**
 * The detectors' verdicts on one point folded into one. Plain logic shared by {@link ScorePoints}
 * (the stream) and the evaluation driver, so both decide identically.
 *
 * <p>The combined score is the highest score of the warm detectors (a placeholder rule until
 * calibration lands, issue 5); the band and expected value come from the first warm detector that
 * has one. A point is anomalous when the combined score reaches the threshold and the point was
 * observed, not gap-filled.
 *
 * @param detectors each warm detector's score, by detector name
 */
public record CombinedScore(
        double score, double expected, double lower, double upper, Direction direction,
        Map<String, Double> detectors, boolean anomalous) {

    /** Folds verdicts given in the order of {@code names}. */
    public static CombinedScore of(
            String[] names, DetectorScore[] verdicts, double threshold, boolean filled) {
        Map<String, Double> scores = new TreeMap<>();
        DetectorScore best = null;
        DetectorScore banded = null;
        for (int i = 0; i < verdicts.length; i++) {
            DetectorScore s = verdicts[i];
            if (!s.warm()) {
                continue;
            }
            scores.put(names[i], s.score());
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
