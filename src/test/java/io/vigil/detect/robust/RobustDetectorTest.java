package io.vigil.detect.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorScore;
import io.vigil.detect.ScoreMapping;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

/** The cold-start detector on series whose answer is known. */
class RobustDetectorTest {
    static final DetectConfig CONFIG = ConfigLoader.defaults().detect();
    static final RobustKind KIND = new RobustKind(RobustModule.settings(CONFIG), CONFIG.threshold());

    static FeatureVector point(double v) {
        return new FeatureVector("s", "m", Map.of(), 0, v, false, false, new double[0], new double[0], new double[0],
                Double.NaN, 0, 0, 0, 0, 0, 0);
    }

    static DetectorScore scoreThenLearn(SeriesDetector<RobustState> d, double v) {
        DetectorScore s = d.score(point(v));
        d.learn(point(v));
        return s;
    }

    @Test
    void cold_untilWarmup() {
        SeriesDetector<RobustState> d = KIND.create();
        for (int i = 0; i < RobustModule.settings(CONFIG).warmup(); i++) {
            assertThat(scoreThenLearn(d, 100 + i % 3).warm()).isFalse();
        }
        assertThat(scoreThenLearn(d, 100).warm()).isTrue();
    }

    @Test
    void gaussianNoise_spikesFlagged_noiseQuiet() {
        Random r = new Random(11);
        SeriesDetector<RobustState> d = KIND.create();
        int noiseFlagged = 0;
        int noisePoints = 0;
        int spikesFlagged = 0;
        int spikes = 0;
        for (int i = 0; i < 5000; i++) {
            boolean spike = i > 100 && i % 250 == 0;
            double v = 100 + 5 * r.nextGaussian() + (spike ? (i % 500 == 0 ? 50 : -50) : 0);
            DetectorScore s = scoreThenLearn(d, v);
            if (!s.warm()) {
                continue;
            }
            boolean flagged = s.score() >= CONFIG.threshold();
            if (spike) {
                spikes++;
                spikesFlagged += flagged ? 1 : 0;
                assertThat(s.direction()).isEqualTo(i % 500 == 0 ? Direction.UP : Direction.DOWN);
            } else {
                noisePoints++;
                noiseFlagged += flagged ? 1 : 0;
            }
        }
        assertThat(spikesFlagged).as("10-sigma spikes flagged").isEqualTo(spikes);
        assertThat(noiseFlagged / (double) noisePoints).as("noise flagged").isLessThan(0.01);
    }

    @Test
    void flatZeroSeries_scoresFiniteAndQuiet() {
        SeriesDetector<RobustState> d = KIND.create();
        for (int i = 0; i < 200; i++) {
            DetectorScore s = scoreThenLearn(d, 0.0);
            assertThat(s.score()).isZero();
        }
        assertThat(scoreThenLearn(d, 1.0).score()).as("any change from an all-zero series").isGreaterThan(0.9);
    }

    @Test
    void stateRoundTrip_scoresIdentically() {
        Random r = new Random(3);
        SeriesDetector<RobustState> a = KIND.create();
        for (int i = 0; i < 300; i++) {
            scoreThenLearn(a, r.nextGaussian());
        }
        SeriesDetector<RobustState> b = KIND.restore(a.toState());
        for (int i = 0; i < 100; i++) {
            double v = r.nextGaussian() * (i % 10 == 0 ? 8 : 1);
            assertThat(scoreThenLearn(b, v)).isEqualTo(scoreThenLearn(a, v));
        }
    }

    @Test
    void scoreMapping_monotonicAndInvertible() {
        double k = RobustModule.settings(CONFIG).sensitivityZ();
        double previous = -1;
        for (double z = 0; z < 50; z += 0.5) {
            double s = ScoreMapping.score(z, k);
            assertThat(s).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = s;
        }
        assertThat(ScoreMapping.score(k, k)).isCloseTo(0.5, within(1e-12));
        assertThat(ScoreMapping.zAt(ScoreMapping.score(9.0, k), k)).isCloseTo(9.0, within(1e-9));
    }

    /** The median by selection is the sorted median, bit for bit: ties, signed zeros, NaN, any length. */
    @Test
    void medianBySelection_equalsTheSortedMedian() {
        java.util.Random r = new java.util.Random(11);
        double[] pool = {0.0, -0.0, 1.0, -1.0, Double.NaN, 2.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + r.nextInt(130);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = r.nextInt(4);
                a[i] = kind == 0 ? pool[r.nextInt(pool.length)] : kind == 1 ? r.nextInt(5) : r.nextGaussian();
            }
            double[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            double expected = (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
            double actual = RobustDetector.median(a.clone(), n);
            org.assertj.core.api.Assertions.assertThat(Double.doubleToLongBits(actual))
                    .as("median of %s", java.util.Arrays.toString(a))
                    .isEqualTo(Double.doubleToLongBits(expected));
        }
    }
}
