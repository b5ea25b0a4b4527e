package io.vigil.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.config.ConfigLoader;
import io.vigil.config.FeatureConfig;
import io.vigil.config.FillMethod;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The streaming feature math against a naive two-pass reference on seeded random input. */
class FeatureWindowTest {
    static final FeatureConfig CONFIG = ConfigLoader.defaults().features();
    static final long STEP = 60_000;

    static GridPoint point(int i, double v) {
        return new GridPoint("s", "m", Map.of(), 1_700_000_000_000L + i * STEP, v, false, false);
    }

    /** Seeded noise with level shifts and occasional spikes. */
    static double[] series(long seed, int n) {
        Random r = new Random(seed);
        double[] v = new double[n];
        double level = 50;
        for (int i = 0; i < n; i++) {
            if (i % 700 == 699) {
                level += 40 * r.nextGaussian();
            }
            v[i] = level + 3 * r.nextGaussian() + (r.nextInt(200) == 0 ? 30 : 0);
        }
        return v;
    }

    @Test
    void next_matchesNaiveReference_onSeededRandomInput() {
        for (long seed : new long[] {1, 2, 3}) {
            double[] v = series(seed, 3000);
            FeatureWindow w = new FeatureWindow(CONFIG);
            double ewma = Double.NaN;
            for (int i = 0; i < v.length; i++) {
                FeatureVector f = w.next(point(i, v[i]));
                List<Double> before = new ArrayList<>();
                for (int k = 0; k < i; k++) {
                    before.add(v[k]);
                }
                for (int j = 0; j < CONFIG.windowSteps().length; j++) {
                    int n = Math.min(CONFIG.windowSteps()[j], i);
                    List<Double> last = before.subList(i - n, i);
                    double mean = last.stream().mapToDouble(Double::doubleValue).sum() / n;
                    double var = last.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / n;
                    if (n == 0) {
                        assertThat(f.rollingMean()[j]).isNaN();
                    } else {
                        assertThat(f.rollingMean()[j]).as("seed %d row %d mean %d", seed, i, j)
                                .isCloseTo(mean, within(1e-9 * Math.max(1, Math.abs(mean))));
                    }
                    if (n < 2) {
                        assertThat(f.rollingStd()[j]).isNaN();
                    } else {
                        assertThat(f.rollingStd()[j]).as("seed %d row %d std %d", seed, i, j)
                                .isCloseTo(Math.sqrt(var), within(1e-9 * Math.max(1, Math.sqrt(var))));
                    }
                }
                for (int j = 0; j < CONFIG.lagSteps().length; j++) {
                    int lag = CONFIG.lagSteps()[j];
                    if (i >= lag) {
                        assertThat(f.lags()[j]).isEqualTo(v[i - lag]);
                    } else {
                        assertThat(f.lags()[j]).isNaN();
                    }
                }
                if (i == 0) {
                    assertThat(f.ewma()).isNaN();
                } else {
                    assertThat(f.ewma()).isCloseTo(ewma, within(1e-9 * Math.abs(ewma)));
                }
                assertThat(f.history()).isEqualTo(i);
                assertThat(f.value()).isEqualTo(v[i]);
                ewma = Double.isNaN(ewma) ? v[i] : CONFIG.ewmaAlpha() * v[i] + (1 - CONFIG.ewmaAlpha()) * ewma;
            }
        }
    }

    @Test
    void state_roundTripMidStream_givesIdenticalFeatures() {
        double[] v = series(9, 400);
        FeatureWindow a = new FeatureWindow(CONFIG);
        for (int i = 0; i < 250; i++) {
            a.next(point(i, v[i]));
        }
        FeatureWindow b = FeatureWindow.fromState(CONFIG, a.toState());
        for (int i = 250; i < 400; i++) {
            FeatureVector fa = a.next(point(i, v[i]));
            FeatureVector fb = b.next(point(i, v[i]));
            assertThat(fb.rollingMean()).containsExactly(fa.rollingMean());
            assertThat(fb.rollingStd()).containsExactly(fa.rollingStd());
            assertThat(fb.lags()).containsExactly(fa.lags());
            assertThat(fb.ewma()).isEqualTo(fa.ewma());
        }
    }

    @Test
    void state_restoredUnderSmallerWindows_keepsTheNewestValues() {
        FeatureWindow a = new FeatureWindow(CONFIG);
        for (int i = 0; i < 100; i++) {
            a.next(point(i, i));
        }
        FeatureConfig smaller = new FeatureConfig(CONFIG.step(), CONFIG.fill(), CONFIG.maxGap(), List.of(5),
                List.of(1), CONFIG.ewmaAlpha(), CONFIG.seriesExpiry(), CONFIG.counterSuffixes());
        FeatureVector f = FeatureWindow.fromState(smaller, a.toState()).next(point(100, 100));
        assertThat(f.rollingMean()[0]).isEqualTo((95 + 96 + 97 + 98 + 99) / 5.0);
        assertThat(f.lags()[0]).isEqualTo(99.0);
        assertThat(f.history()).isEqualTo(100);
    }

    @Test
    void timeFeatures_knownUtcInstants() {
        long mondayNoon = java.time.Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
        assertThat(TimeFeatures.hourAngle(mondayNoon)).isCloseTo(Math.PI, within(1e-12));
        assertThat(TimeFeatures.dayOfWeek(mondayNoon)).isZero();
        assertThat(TimeFeatures.weekend(mondayNoon)).isFalse();
        assertThat(TimeFeatures.weekend(mondayNoon + 5 * TimeFeatures.DAY_MS)).isTrue();
        assertThat(TimeFeatures.weekend(mondayNoon + 7 * TimeFeatures.DAY_MS)).isFalse();
    }

    @Test
    void gapFiller_eachMethod() {
        assertThat(GapFiller.fill(FillMethod.LINEAR, 0, 4, 3)).containsExactly(1, 2, 3);
        assertThat(GapFiller.fill(FillMethod.PREVIOUS, 7, 4, 2)).containsExactly(7, 7);
        assertThat(GapFiller.fill(FillMethod.ZERO, 7, 4, 2)).containsExactly(0, 0);
        assertThat(GapFiller.fill(FillMethod.NONE, 7, 4, 2)).isEmpty();
    }

    @Test
    void counterRates_perSecondWithResets() {
        assertThat(CounterRates.rate(0, 100, 10_000, 160)).isEqualTo(6.0);
        // A reset: the counter restarted from zero, so the increase is the new reading.
        assertThat(CounterRates.rate(0, 1000, 10_000, 30)).isEqualTo(3.0);
    }

    @Test
    void stepEmitter_shortGapFilledLongGapNotAndCounterNeedsTwoReadings() {
        FeatureConfig cfg = new FeatureConfig(Duration.ofMinutes(1), FillMethod.LINEAR, Duration.ofMinutes(5),
                CONFIG.windows(), CONFIG.lags(), CONFIG.ewmaAlpha(), CONFIG.seriesExpiry(), CONFIG.counterSuffixes());
        StepEmitter e = new StepEmitter(cfg);
        SeriesCursor gauge = SeriesCursor.start("g", Map.of(), false);
        var first = e.close("g", gauge, StepAccumulator.first(0, 10_000, 10).add(20_000, 20));
        assertThat(first.points()).hasSize(1);
        assertThat(first.points().get(0).value()).isEqualTo(15.0);
        // Two more steps show the series' cadence (one step), so the gap after them is missing data.
        var second = e.close("g", first.cursor(), StepAccumulator.first(STEP, STEP, 15));
        var third = e.close("g", second.cursor(), StepAccumulator.first(2 * STEP, 2 * STEP, 15));
        var afterGap = e.close("g", third.cursor(), StepAccumulator.first(6 * STEP, 6 * STEP, 45));
        assertThat(afterGap.points()).extracting(GridPoint::value).containsExactly(22.5, 30.0, 37.5, 45.0);
        assertThat(afterGap.points()).extracting(GridPoint::filled).containsExactly(true, true, true, false);
        var longGap = e.close("g", afterGap.cursor(), StepAccumulator.first(22 * STEP, 22 * STEP, 0));
        assertThat(longGap.points()).hasSize(1);

        SeriesCursor counter = SeriesCursor.start("c_total", Map.of(), true);
        var baseline = e.close("c", counter, StepAccumulator.first(0, 0, 100));
        assertThat(baseline.points()).isEmpty();
        var rate = e.close("c", baseline.cursor(), StepAccumulator.first(STEP, STEP, 160));
        assertThat(rate.points()).extracting(GridPoint::value).containsExactly(1.0);
    }
}
