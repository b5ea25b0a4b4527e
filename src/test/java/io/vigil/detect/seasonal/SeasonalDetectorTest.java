package io.vigil.detect.seasonal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorScore;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;
import io.vigil.model.StateBytes;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

/** The seasonal forecaster in the stream: score-then-learn, point by point, as the operator runs it. */
class SeasonalDetectorTest {
    static final DetectConfig CONFIG = ConfigLoader.defaults().detect();
    static final SeasonalKind KIND = new SeasonalKind(SeasonalModule.settings(CONFIG));
    static final long STEP = 300_000;
    static final long DAY = SeasonalModel.DAY_MS;
    static final long T0 = SeasonalFitterTest.T0;
    static final int PER_DAY = (int) (DAY / STEP);

    static FeatureVector point(long t, double v) {
        return new FeatureVector("s", "m", Map.of(), t, v, false, false, new double[0], new double[0], new double[0],
                Double.NaN, 0, 0, 0, 0, 0, 0);
    }

    /** A busy service's request rate: daily cycle (quiet nights), weekly dip, N(0, 3) noise. */
    static double clean(long t, Random noise) {
        double day = 2 * Math.PI * Math.floorMod(t - T0, DAY) / DAY;
        double week = 2 * Math.PI * Math.floorMod(t - T0, 7 * DAY) / (7 * DAY);
        return 300 + 80 * Math.sin(day - 1.2) + 20 * Math.sin(2 * day) + 25 * Math.cos(week) + 3 * noise.nextGaussian();
    }

    static DetectorScore scoreThenLearn(SeriesDetector<SeasonalState> d, long t, double v) {
        DetectorScore s = d.score(point(t, v));
        d.learn(point(t, v));
        return s;
    }

    @Test
    void cold_untilMinHistory_thenWarmWithBand() {
        SeriesDetector<SeasonalState> d = KIND.create();
        Random r = new Random(3);
        long minHistory = SeasonalModule.settings(CONFIG).minHistory().toMillis();
        for (int i = 0; i < 4 * PER_DAY; i++) {
            long t = T0 + i * STEP;
            DetectorScore s = scoreThenLearn(d, t, clean(t, r));
            if (t - T0 < minHistory) {
                assertThat(s.warm()).as("point %d, before the minimum history", i).isFalse();
            } else if (t - T0 > minHistory + 2 * 3_600_000L) {
                assertThat(s.warm()).as("point %d", i).isTrue();
                assertThat(s.lower()).isLessThan(s.expected());
                assertThat(s.upper()).isGreaterThan(s.expected());
            }
        }
    }

    @Test
    void spikesDipsAndLevelShift_flagged_cleanPointsQuiet_bandHonest() {
        SeriesDetector<SeasonalState> d = KIND.create();
        Random r = new Random(5);
        double threshold = CONFIG.threshold();
        int cleanWarm = 0;
        int cleanFlagged = 0;
        int outsideBand = 0;
        // Weekly seasonality is fitted from two weeks of history on (as Prophet does); the checks
        // run on the third week, then a level shift at the start of day 22.
        long shiftFrom = T0 + 22 * DAY;
        for (int i = 0; i < 23 * PER_DAY; i++) {
            long t = T0 + i * STEP;
            double v = clean(t, r);
            int day = i / PER_DAY;
            int slot = i % PER_DAY;
            boolean injected = false;
            if (day >= 15 && day < 22 && slot % 96 == 40) {
                v += slot % 192 == 40 ? 30 : -30; // a spike or a dip of 10σ, at three times of day
                injected = true;
            }
            if (t >= shiftFrom) {
                v += 60;
            }
            DetectorScore s = scoreThenLearn(d, t, v);
            if (injected) {
                assertThat(s.warm()).isTrue();
                assertThat(s.score()).as("injected point on day %d", day).isGreaterThanOrEqualTo(threshold);
                assertThat(s.direction()).isEqualTo(slot % 192 == 40 ? Direction.UP : Direction.DOWN);
            } else if (t == shiftFrom) {
                assertThat(s.score()).as("first point of the level shift").isGreaterThanOrEqualTo(threshold);
                assertThat(s.direction()).isEqualTo(Direction.UP);
            } else if (s.warm() && t < shiftFrom && day >= 15) {
                cleanWarm++;
                cleanFlagged += s.score() >= threshold ? 1 : 0;
                outsideBand += v < s.lower() || v > s.upper() ? 1 : 0;
            }
        }
        assertThat(cleanWarm).isGreaterThan(6 * PER_DAY);
        assertThat(cleanFlagged).as("false alarms on %d clean points", cleanWarm).isLessThanOrEqualTo(cleanWarm / 1000);
        // Nominal width 0.99: 1% outside (the calibration holds the stream's band to it).
        double outside = outsideBand / (double) cleanWarm;
        assertThat(outside).as("share outside the 99% band").isBetween(0.002, 0.02);
    }

    @Test
    void persistentLevelShift_becomesNormal_withinADay() {
        SeriesDetector<SeasonalState> d = KIND.create();
        Random r = new Random(9);
        long shiftFrom = T0 + 8 * DAY;
        int flaggedLastHalfDay = 0;
        for (int i = 0; i < 10 * PER_DAY; i++) {
            long t = T0 + i * STEP;
            double v = clean(t, r) + (t >= shiftFrom ? 60 : 0);
            DetectorScore s = scoreThenLearn(d, t, v);
            if (t >= shiftFrom + DAY + DAY / 2) {
                flaggedLastHalfDay += s.score() >= CONFIG.threshold() ? 1 : 0;
            }
        }
        assertThat(flaggedLastHalfDay).as("alarms 1.5 days after a permanent +60 shift").isZero();
    }

    @Test
    void gapsAndFilledPoints_doNotBreakTheModel() {
        SeriesDetector<SeasonalState> d = KIND.create();
        Random r = new Random(13);
        DetectorScore last = null;
        for (int i = 0; i < 6 * PER_DAY; i++) {
            int day = i / PER_DAY;
            if (day == 3 && i % PER_DAY < PER_DAY / 2) {
                continue; // half a day missing
            }
            long t = T0 + i * STEP;
            last = scoreThenLearn(d, t, clean(t, r));
        }
        assertThat(last.warm()).isTrue();
        assertThat(last.score()).isLessThan(CONFIG.threshold());
        assertThat(Double.isFinite(last.expected())).isTrue();
    }

    @Test
    void stateRoundTrip_scoresAndLearnsIdentically() {
        SeriesDetector<SeasonalState> d = KIND.create();
        Random r = new Random(17);
        int i = 0;
        for (; i < 5 * PER_DAY + 37; i++) {
            long t = T0 + i * STEP;
            scoreThenLearn(d, t, clean(t, r));
        }
        SeriesDetector<SeasonalState> restored = KIND.restore(StateBytes.roundTrip(SeasonalState.class, d.toState()));
        // Continue both past bucket closes and a refit (a day later), with an anomaly on the way.
        for (int k = 0; k < 2 * PER_DAY; k++, i++) {
            long t = T0 + i * STEP;
            double v = clean(t, r) + (k == 50 ? 100 : 0);
            DetectorScore a = scoreThenLearn(d, t, v);
            DetectorScore b = scoreThenLearn(restored, t, v);
            assertThat(b).as("point %d after restore", k).isEqualTo(a);
        }
    }

    @Test
    void stateStaysSmall() {
        SeriesDetector<SeasonalState> d = KIND.create();
        Random r = new Random(19);
        for (int i = 0; i < 8 * PER_DAY; i++) {
            long t = T0 + i * STEP;
            scoreThenLearn(d, t, clean(t, r));
        }
        assertThat(StateBytes.of(SeasonalState.class, d.toState())).isLessThanOrEqualTo(4096);
    }
}
