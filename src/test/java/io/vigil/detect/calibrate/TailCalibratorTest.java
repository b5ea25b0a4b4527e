package io.vigil.detect.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.DetectConfig.CalibrationConfig;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** Tail probabilities on deviations whose true distribution is known. */
class TailCalibratorTest {
    static final CalibrationConfig CONFIG = ConfigLoader.defaults().detect().calibration();
    /** Learning as the stream does: points rarer than this are anomalies (score 0.6 at 5-minute steps). */
    static final double ALARM_P = TailCalibrator.probabilityAt(CONFIG.excludeAbove(), CONFIG.halfSurprise(300_000));

    static TailCalibrator trained(java.util.function.DoubleSupplier z, int n) {
        TailCalibrator c = new TailCalibrator(CONFIG, TailCalibrator.empty());
        for (int i = 0; i < n; i++) {
            c.learn(z.getAsDouble(), ALARM_P);
        }
        return c;
    }

    /**
     * The fitted tail is no lighter than exponential (no finite end learned from peaks), so a
     * Gaussian's, lighter still, is overestimated, by a bounded factor near the threshold, and the
     * far tail is still rare enough to alarm on: 6σ stays below the point budget of 10-second steps
     * (0.1 / 8640 = 1.2e-5) with room to spare.
     */
    @Test
    void gaussianDeviations_tailOnTheCautiousSideOfTheTruth_withinAFactorOfThree() {
        Random r = new Random(1);
        TailCalibrator c = trained(() -> Math.abs(r.nextGaussian()), 200_000);
        for (double z : new double[] {3.5, 4.0}) {
            double truth = 2 * TailCalibrator.upperTail(z);
            assertThat(c.tailProbability(z) / truth).as("p(%s) / truth", z).isBetween(0.8, 3.0);
        }
        assertThat(c.tailProbability(6)).as("far tail of a Gaussian").isLessThan(2e-6);
    }

    @Test
    void fewLightPeaks_doNotPutAnEndOnTheTail() {
        // Peaks of nearly equal size (a moment estimate of the shape far below 0): a point well past
        // them is rare, not impossible.
        TailCalibrator c = new TailCalibrator(CONFIG, TailCalibrator.empty());
        for (int peak = 0; peak < 20; peak++) {
            c.learn(3.3 + 0.01 * (peak % 3), ALARM_P);
            for (int i = 0; i < 400; i++) {
                c.learn(0.5, ALARM_P);
            }
        }
        assertThat(c.tailProbability(5)).as("a point 1.7 past peaks that all sat at 3.3").isGreaterThan(1e-12);
    }

    /**
     * Learned from the series, on the cautious side of the truth: the predictive tail of a few
     * dozen peaks is heavier than the true one by more the further out it reaches.
     */
    @Test
    void heavyTailedDeviations_learnedFromTheSeries() {
        Random r = new Random(2);
        // |Laplace(0, 1)|: P(|X| > z) = exp(−z); a Gaussian reading would call z = 8 a 1e-15 event.
        TailCalibrator c = trained(() -> -Math.log(1 - r.nextDouble()), 200_000);
        for (double z : new double[] {5.0, 7.0, 9.0}) {
            double truth = Math.exp(-z);
            assertThat(c.tailProbability(z) / truth).as("p(%s) / truth", z).isBetween(0.8, 4.0);
        }
    }

    /**
     * The budget holds on noise whose tail is known: 150 series learn two weeks of 1-minute
     * deviations, then a week is judged at the budget's point probability while learning on. Alarm
     * runs (consecutive points below p*) per series per day stay within the 0.1 budget for Gaussian
     * noise, and for Laplace noise (a heavier, exponential tail). (The best-fit tail without its
     * predictive uncertainty ran at the budget itself: 0.08–0.11 over seeds.)
     */
    @Test
    void alarmRunsOnNormalNoise_stayWithinTheDailyBudget() {
        assertThat(alarmRunsPerSeriesDay(r -> Math.abs(r.nextGaussian()), 4)).as("Gaussian").isLessThanOrEqualTo(0.1);
        assertThat(alarmRunsPerSeriesDay(r -> -Math.log(1 - r.nextDouble()), 5)).as("Laplace").isLessThanOrEqualTo(0.1);
    }

    static double alarmRunsPerSeriesDay(java.util.function.ToDoubleFunction<Random> noise, long seed) {
        long step = 60_000;
        double pStar = CalibrationConfig.pointBudget(CONFIG.falseAlarmsPerDay(), step);
        double alarmP = TailCalibrator.probabilityAt(CONFIG.excludeAbove(), CONFIG.halfSurprise(step));
        int perDay = 1440;
        int series = 150;
        int days = 7;
        Random r = new Random(seed);
        long runs = 0;
        for (int k = 0; k < series; k++) {
            TailCalibrator c = new TailCalibrator(CONFIG, TailCalibrator.empty());
            for (int i = 0; i < 14 * perDay; i++) {
                c.learn(noise.applyAsDouble(r), alarmP);
            }
            boolean inRun = false;
            for (int i = 0; i < days * perDay; i++) {
                double z = noise.applyAsDouble(r);
                boolean alarm = c.tailProbability(z) < pStar;
                runs += alarm && !inRun ? 1 : 0;
                inRun = alarm;
                c.learn(z, alarmP);
            }
        }
        return runs / (double) (series * days);
    }

    @Test
    void recurringFault_staysAsSurprising() {
        Random r = new Random(3);
        TailCalibrator c = trained(() -> Math.abs(r.nextGaussian()), 20_000);
        double before = c.tailProbability(25);
        assertThat(before).isLessThan(ALARM_P);
        for (int fault = 0; fault < 6; fault++) {
            for (int i = 0; i < 15; i++) {
                c.learn(25 + r.nextDouble(), ALARM_P); // a 15-point incident
            }
            for (int i = 0; i < 700; i++) {
                c.learn(Math.abs(r.nextGaussian()), ALARM_P);
            }
        }
        assertThat(c.tailProbability(25)).as("after six recurrences of the same fault").isLessThan(ALARM_P);
    }

    @Test
    void coldStart_usesTheDetectorsNominalRate_onTheCautiousSide() {
        TailCalibrator c = new TailCalibrator(CONFIG, TailCalibrator.empty());
        double nominal = 2 * TailCalibrator.upperTail(CONFIG.tailThreshold());
        assertThat(c.tailProbability(CONFIG.tailThreshold() + 1e-9)).isCloseTo(nominal, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(c.tailProbability(6)).as("more cautious than a Gaussian far out")
                .isGreaterThan(2 * TailCalibrator.upperTail(6));
        assertThat(c.tailProbability(0)).isEqualTo(1.0);
    }

    @Test
    void surprise_isMonotone_andInvertsToTheProbability() {
        double half = CONFIG.halfSurprise(60_000);
        assertThat(TailCalibrator.surprise(Math.pow(10, -half), half)).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-12));
        double prev = -1;
        for (double p = 1; p > 1e-14; p /= 3) {
            double s = TailCalibrator.surprise(p, half);
            assertThat(s).isGreaterThan(prev).isLessThan(1);
            assertThat(TailCalibrator.probabilityAt(s, half)).isCloseTo(p, org.assertj.core.api.Assertions.within(p * 1e-9));
            prev = s;
        }
    }

    @Test
    void budget_setsTheProbabilityAtHalf_fromTheStep() {
        // 0.1 false alarms per series per day: p* = 0.1 / 1440 at 1-minute steps, 0.1 / 288 at 5 minutes.
        assertThat(Math.pow(10, -CONFIG.halfSurprise(60_000))).isCloseTo(0.1 / 1440, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Math.pow(10, -CONFIG.halfSurprise(300_000))).isCloseTo(0.1 / 288, org.assertj.core.api.Assertions.within(1e-12));
    }
}
