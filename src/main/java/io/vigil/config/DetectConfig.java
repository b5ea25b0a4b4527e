package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** Detector settings (the {@code detect.*} keys). */
public record DetectConfig(double threshold, RobustConfig robust, SeasonalConfig seasonal,
        CalibrationConfig calibration, ControlRules controls, IsolationConfig iforest) implements Serializable {

    /**
     * Isolation Forests (issue 9). {@code models}: a directory written by {@code vigil train} (empty:
     * none); its entity models score each entity's metrics per step, its family models the points of
     * their families. With {@code families} on, each point is also scored by its family's forest
     * (metric name + {@code familyLabel} value): the trained one, else one fitted in the stream from
     * a sample of at most {@code sampleSize} recent clean vectors, first once {@code minRows} rows and
     * one {@code refitEvery} of event time are in, then every {@code refitEvery}.
     *
     * @param reloadEvery how often the job looks for a newer {@code models.json}
     */
    public record IsolationConfig(String models, String entityLabel, java.time.Duration reloadEvery,
            boolean families, String familyLabel, int sampleSize, int minRows, java.time.Duration refitEvery,
            double contamination) implements Serializable {
        /** Whether a model directory is configured (entity forests need one). */
        public boolean hasModels() {
            return !models.isEmpty();
        }
    }

    /** The rolling median/MAD detector. Window and warm-up are in steps. */
    public record RobustConfig(boolean enabled, int window, int warmup, double sensitivityZ, double minRelativeScale)
            implements Serializable {}

    /**
     * Per series and detector, deviations become tail probabilities (peaks over threshold). The
     * budget of false alarms per series per day sets the tail probability p* that scores 0.5 for the
     * series' step (p* = budget × step / 1 day); with S = −log10(p) the score is S / (S − log10 p*),
     * so {@code threshold} 0.5 flags, on normal data, the budgeted number of points a day whatever
     * the series, detector or sampling rate.
     *
     * @param tailThreshold deviation (in the detector's σ units) above which points are peaks
     * @param priorWeight points' worth of weight on the detector's nominal (Gaussian) tail rate
     * @param halfLife points after which a past observation counts half
     * @param excludeAbove points scoring at least this teach the calibrator nothing (they are
     *     anomalies, not the series' tail); well above the alert threshold, or a series whose tail
     *     is heavier than first assumed could never learn so
     */
    public record CalibrationConfig(boolean enabled, double tailThreshold, double priorWeight, double halfLife,
            double falseAlarmsPerDay, double excludeAbove) implements Serializable {

        /** −log10 of the tail probability that scores 0.5 at this step. */
        public double halfSurprise(long stepMs) {
            double p = falseAlarmsPerDay * stepMs / 86_400_000.0;
            return Math.max(1, -Math.log10(Math.min(p, 0.1)));
        }
    }

    /**
     * The seasonal forecaster (Prophet's model family). Orders are numbers of Fourier harmonics;
     * priors are in units of the series scaled by its largest absolute value, as in Prophet.
     *
     * @param intervalWidth share of normal points the band should hold (0.99: 1 in 100 outside)
     * @param sensitivity distance from the forecast, in band half-widths, that scores 0.5
     * @param minHistory history before the first fit (the robust detector covers until then)
     * @param history how much history the stream keeps for refits
     * @param bucket the resolution of that history (coarser = smaller state)
     * @param events the user's calendar (holidays, maintenance windows), each name its own effect
     */
    public record SeasonalConfig(
            boolean enabled,
            int dailyOrder,
            int weeklyOrder,
            int changepoints,
            double changepointPrior,
            double seasonalityPrior,
            double intervalWidth,
            boolean multiplicative,
            double sensitivity,
            Duration minHistory,
            Duration refitEvery,
            Duration history,
            Duration bucket,
            List<CalendarEvent> events)
            implements Serializable {}
}
