package io.vigil.detect;

import io.vigil.detect.calibrate.TailCalibrator;
import io.vigil.model.Direction;

import java.util.Map;
import java.util.TreeMap;

/**
 * The detectors' verdicts on one point folded into one score in [0, 1]. Plain logic shared by
 * the stream ({@link SeriesScoring}) and the evaluation driver, so both decide identically.
 *
 * <p>Cold-start (fallback) detectors count only while no model of the series' shape is warm. With calibration, each
 * detector's verdict is a tail probability p_i for this series; the ensemble takes the most
 * surprising one and pays for having looked at m of them (Bonferroni: p = min(1, m·min p_i)), which
 * stays valid however correlated the detectors are; the score is the surprise −log10(p)/max. Without
 * calibration the highest raw score wins. The band and expected value come from the first counting
 * detector that has one; the direction from the most surprising. Every warm detector's (calibrated)
 * score is reported.
 *
 * @param detectors each warm detector's score, by detector name
 */
public record CombinedScore(
        double score, double expected, double lower, double upper, Direction direction,
        Map<String, Double> detectors) {

    public static final CombinedScore NONE =
            new CombinedScore(0, Double.NaN, Double.NaN, Double.NaN, Direction.NONE, Map.of());

    /**
     * Folds verdicts given in the order of {@code names}; {@code fallback[i]} marks cold-start ones,
     * {@code silences[i]} the ones whose warmth benches them ({@link DetectorKind#replacesColdStart}).
     *
     * @param tail per-detector tail probabilities, or null for raw scores
     */
    public static CombinedScore of(String[] names, boolean[] fallback, boolean[] silences, DetectorScore[] verdicts,
            double[] tail,
            double halfSurprise) {
        Map<String, Double> scores = new TreeMap<>();
        for (int i = 0; i < verdicts.length; i++) {
            if (verdicts[i].warm()) {
                scores.put(names[i], tail == null ? verdicts[i].score() : TailCalibrator.surprise(tail[i], halfSurprise));
            }
        }
        boolean modelWarm = modelWarm(silences, verdicts);
        int best = -1;
        int counting = 0;
        for (int i = 0; i < verdicts.length; i++) {
            DetectorScore s = verdicts[i];
            if (!counts(i, fallback, modelWarm, verdicts)) {
                continue;
            }
            counting++;
            if (best < 0 || (tail == null ? s.score() > verdicts[best].score() : tail[i] < tail[best])) {
                best = i;
            }
        }
        int banded = primary(fallback, modelWarm, verdicts);
        if (best < 0) {
            return new CombinedScore(0, Double.NaN, Double.NaN, Double.NaN, Direction.NONE, scores);
        }
        double score = tail == null ? verdicts[best].score()
                : TailCalibrator.surprise(Math.min(1, counting * tail[best]), halfSurprise);
        DetectorScore b = banded < 0 ? null : verdicts[banded];
        return new CombinedScore(score,
                b == null ? Double.NaN : b.expected(),
                b == null ? Double.NaN : b.lower(),
                b == null ? Double.NaN : b.upper(),
                verdicts[best].direction(), scores);
    }

    /**
     * The primary verdict: the first counting detector with a band (its band is the one shown, its
     * residual the one detectors of evidence over time read), or -1 when none is warm. Null entries
     * (verdicts not yet made) do not count.
     */
    public static int primary(boolean[] fallback, boolean[] silences, DetectorScore[] verdicts) {
        return primary(fallback, modelWarm(silences, verdicts), verdicts);
    }

    private static int primary(boolean[] fallback, boolean modelWarm, DetectorScore[] verdicts) {
        for (int i = 0; i < verdicts.length; i++) {
            if (counts(i, fallback, modelWarm, verdicts) && !Double.isNaN(verdicts[i].lower())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean modelWarm(boolean[] silences, DetectorScore[] verdicts) {
        for (int i = 0; i < verdicts.length; i++) {
            if (verdicts[i] != null && verdicts[i].warm() && silences[i]) {
                return true;
            }
        }
        return false;
    }

    /** Cold-start detectors count only while no model of the series' shape is warm. */
    private static boolean counts(int i, boolean[] fallback, boolean modelWarm, DetectorScore[] verdicts) {
        return verdicts[i] != null && verdicts[i].warm() && !(modelWarm && fallback[i]);
    }
}
