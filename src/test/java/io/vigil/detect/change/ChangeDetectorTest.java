package io.vigil.detect.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorScore;
import io.vigil.detect.Residual;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;
import io.vigil.model.StateBytes;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

/**
 * The sequential change detector on residuals whose answer is known. With offset 0 its deviation is
 * the CUSUM statistic itself, whose tail under the noise model is at most 3e^(−s).
 */
class ChangeDetectorTest {
    static final DetectConfig CONFIG = ConfigLoader.defaults().detect();
    static final ChangeConfig SETTINGS = ChangeModule.settings(CONFIG);
    /** P(s ≥ 10) ≤ 3e^(−10) ≈ 1.4·10⁻⁴ under the bound. */
    static final double H = 10;

    static ChangeDetector fresh() {
        return new ChangeDetector(SETTINGS, ChangeModule.SCORE_S, 0, ChangeState.EMPTY);
    }

    static FeatureVector point(long t) {
        return new FeatureVector("s", "m", Map.of(), t, 0, false, false, new double[0], new double[0], new double[0],
                Double.NaN, 0, 0, 0, 0, 0, 0);
    }

    static DetectorScore step(ChangeDetector d, long t, double z) {
        Residual r = new Residual(0, z);
        DetectorScore s = d.score(point(t), r);
        d.learn(point(t), r);
        return s;
    }

    @Test
    void independentNoise_statisticStaysWithinItsBound() {
        Random rnd = new Random(3);
        ChangeDetector d = fresh();
        int above = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            if (step(d, i, rnd.nextGaussian()).deviation() >= H) {
                above++;
            }
        }
        // The bound allows about 7 such points; a CUSUM without its reference drift would exceed it thousands of times.
        assertThat(above).isLessThanOrEqualTo(15);
    }

    @Test
    void primaryScaleOff_isNotMistakenForAWiderSpread() {
        // The primary model's scale 25 % too small: residuals of standard deviation 1.25, no change.
        // Without its own long-run scale the spread statistic crosses 10 hundreds of times here.
        Random rnd = new Random(11);
        ChangeDetector d = fresh();
        int above = 0;
        for (int i = 0; i < 50_000; i++) {
            if (step(d, i, 1.25 * rnd.nextGaussian()).deviation() >= H && i > 2_000) {
                above++;
            }
        }
        assertThat(above).as("points past the threshold once the scale is learned").isLessThanOrEqualTo(30);
    }

    @Test
    void autocorrelatedNoise_isNotMistakenForAChange() {
        // AR(1) with ρ = 0.8 and unit variance: runs of same-signed residuals are the noise here.
        Random rnd = new Random(5);
        ChangeDetector d = fresh();
        double x = 0;
        int above = 0;
        for (int i = 0; i < 50_000; i++) {
            x = 0.8 * x + Math.sqrt(1 - 0.64) * rnd.nextGaussian();
            if (step(d, i, x).deviation() >= H && i > 2_000) {
                above++;
            }
        }
        assertThat(above).as("points past the threshold once ρ is learned").isLessThanOrEqualTo(50);
    }

    @Test
    void lastingShift_foundWithinAFewPoints_aSingleSpikeIsNot() {
        Random rnd = new Random(7);
        ChangeDetector d = fresh();
        for (int i = 0; i < 2_000; i++) {
            step(d, i, rnd.nextGaussian());
        }
        DetectorScore spike = step(d, 2_000, 12);
        assertThat(spike.deviation()).as("one 12 sigma point is clipped: not a change").isLessThan(H);
        for (int i = 2_001; i < 2_040; i++) {
            step(d, i, rnd.nextGaussian());
        }
        int found = -1;
        for (int k = 0; k < 20; k++) {
            DetectorScore s = step(d, 2_040 + k, -4 + rnd.nextGaussian());
            if (s.deviation() >= H) {
                assertThat(s.direction()).isEqualTo(Direction.DOWN);
                found = k;
                break;
            }
        }
        assertThat(found).as("points of a 4 sigma drop before the alarm").isBetween(0, 5);
    }

    @Test
    void burstOfNoise_found() {
        Random rnd = new Random(9);
        ChangeDetector d = fresh();
        for (int i = 0; i < 2_000; i++) {
            step(d, i, rnd.nextGaussian());
        }
        int found = -1;
        for (int k = 0; k < 40; k++) {
            if (step(d, 2_000 + k, 4 * rnd.nextGaussian()).deviation() >= H) {
                found = k;
                break;
            }
        }
        assertThat(found).as("points of a 4x noise burst before the alarm").isBetween(0, 15);
    }

    @Test
    void coldWithoutAModel_restartsWhenTheModelChanges() {
        ChangeDetector d = fresh();
        assertThat(d.score(point(0), null).warm()).isFalse();
        for (int i = 0; i < 10; i++) {
            step(d, i, 3.5);
        }
        assertThat(d.toState().down() + d.toState().up()).isGreaterThan(H);
        Residual other = new Residual(1, 0);
        assertThat(d.score(point(11), other).deviation()).as("a new primary model: evidence starts again").isZero();
    }

    @Test
    void stateRoundTrip_continuesIdentically() {
        Random rnd = new Random(13);
        ChangeDetector a = fresh();
        for (int i = 0; i < 700; i++) {
            step(a, i, rnd.nextGaussian() + (i > 650 ? 2 : 0));
        }
        ChangeDetector b = new ChangeDetector(SETTINGS, ChangeModule.SCORE_S, 0,
                StateBytes.roundTrip(ChangeState.class, a.toState()));
        for (int i = 700; i < 800; i++) {
            double z = rnd.nextGaussian();
            assertThat(step(b, i, z)).isEqualTo(step(a, i, z));
        }
    }

    @Test
    void lastingNoisierRegime_alarmsOnce_thenIsTheNewNormal() {
        Random rnd = new Random(11);
        ChangeDetector d = fresh();
        long minute = 60_000;
        int t = 0;
        for (; t < 2_000; t++) {
            step(d, t * minute, rnd.nextGaussian());
        }
        int firstAlarm = -1;
        int alarmedLater = 0;
        int later = 0;
        for (int i = 0; i < 5_000; i++, t++) {
            double dev = step(d, t * minute, 3 * rnd.nextGaussian()).deviation();
            if (dev >= H && firstAlarm < 0) {
                firstAlarm = i;
            }
            // past the re-baseline (3 h) and the re-learning (100 points), with room to settle
            if (i >= 600) {
                later++;
                alarmedLater += dev >= H ? 1 : 0;
            }
        }
        assertThat(firstAlarm).as("the new spread is found within the hour").isBetween(0, 60);
        // Learning only while quiet, the spread statistic would stay at its cap for good.
        assertThat(alarmedLater / (double) later).as("share of the new regime still alarmed").isLessThan(0.01);
    }

    @Test
    void versionOneState_restoresWithNoChangeInProgress() {
        // Flink's record evolution fills the fields version 1 lacked with 0 and false.
        ChangeState v1 = new ChangeState(1, 0, 5, 0, 0, 0.3, 0.1, 1, 1, 500, 0, false);
        ChangeKind kind = new ChangeKind(SETTINGS, CONFIG.calibration());
        ChangeDetector d = (ChangeDetector) kind.restore(v1);
        step(d, 1_000 * 60_000L, 0.5);
        ChangeState after = d.toState();
        assertThat(after.version()).isEqualTo(ChangeState.VERSION);
        assertThat(after.up()).as("the statistic carried on, not restarted").isGreaterThan(3);
        assertThat(after.changeSinceMs()).as("its change starts now, not in 1970").isEqualTo(1_000 * 60_000L);
    }
}
