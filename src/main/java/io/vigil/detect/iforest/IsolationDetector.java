package io.vigil.detect.iforest;

import io.vigil.detect.DetectorScore;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.calibrate.NormalQuantile;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;
import io.vigil.model.WallClock;

/**
 * Scores a point's family vector (value, time of day, lags, rolling statistics) with its family's
 * forest. The forest's raw score becomes the share of the family's clean training rows that scored
 * as high ({@link ScoreTail#exceedance}), and that share a normal deviate, so the series' calibrator
 * treats it like any other detector's deviation. Cold while the family has no model or the point's
 * history is too short for a full vector. No band: the forest says "unusual", not "where".
 */
final class IsolationDetector implements SeriesDetector<IsolationState> {
    private final FamilyForests forests;
    private final String familyLabel;
    private final WallClock clock;

    IsolationDetector(FamilyForests forests, String familyLabel, WallClock clock) {
        this.forests = forests;
        this.familyLabel = familyLabel;
        this.clock = clock;
    }

    @Override
    public DetectorScore score(FeatureVector p) {
        double[] v = FamilyVectors.of(p);
        if (v == null) {
            return DetectorScore.COLD;
        }
        ForestModels.Model m = forests.forFamily(TrainingData.familyKey(p.metric(), p.labels(), familyLabel),
                clock.millis());
        if (m == null || m.features().size() != v.length) {
            return DetectorScore.COLD; // no model yet, or one trained with other lags/windows
        }
        double raw = m.raw(v);
        double share = m.tail().exceedance(raw);
        double deviation = share >= 0.5 ? 0 : -NormalQuantile.of(share);
        Direction direction = v[0] >= m.center()[0] ? Direction.UP : Direction.DOWN;
        return new DetectorScore(true, ScoreScale.normalise(raw, m.threshold()), deviation, Double.NaN, Double.NaN,
                Double.NaN, direction);
    }

    @Override
    public void learn(FeatureVector p) {
        // The family's forest learns in FitFamilies, from many series at once.
    }

    @Override
    public IsolationState toState() {
        return new IsolationState(IsolationState.VERSION);
    }
}
