package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detection settings (the {@code detect.*} keys): what every detector shares (the threshold, the
 * calibration, the controls) and each detector module's own settings by module name.
 *
 * @param detectors each module's settings, by module name (the key segment after {@code detect.})
 */
public record DetectConfig(double threshold, CalibrationConfig calibration, ControlConfig controls,
        Map<String, DetectorSettings> detectors, ModelsConfig models) implements Serializable {

    public DetectConfig {
        detectors = Map.copyOf(detectors);
    }

    /** One module's settings; fails with the module's name when the catalog has no such module. */
    public <T extends DetectorSettings> T detector(String name, Class<T> type) {
        DetectorSettings s = detectors.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no detector module '" + name + "' in this configuration (have "
                    + new TreeMap<>(detectors).keySet() + ")");
        }
        return type.cast(s);
    }

    /** The same settings with one module's replaced (tests and evaluations that vary one detector). */
    public DetectConfig withDetector(String name, DetectorSettings s) {
        Map<String, DetectorSettings> m = new TreeMap<>(detectors);
        m.put(name, s);
        return new DetectConfig(threshold, calibration, controls, m, models);
    }

    /** The same settings reading models from {@code location} ("" none). */
    public DetectConfig withModels(String location) {
        return new DetectConfig(threshold, calibration, controls, detectors, new ModelsConfig(location, models.reloadEvery()));
    }

    /**
     * The model store series start from ({@code detect.models}; "" none) and how often a running job
     * looks for a newer version in it.
     */
    public record ModelsConfig(String location, Duration reloadEvery) implements Serializable {
        public boolean configured() {
            return !location.isBlank();
        }
    }

    /**
     * The fleet-wide controls and the file of per-selector rules and calendar windows that refine
     * them (empty: none); the detect stage reads the file.
     */
    public record ControlConfig(ControlSettings defaults, String rulesFile) implements Serializable {}

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
    public record CalibrationConfig(boolean enabled, double tailThreshold, double priorWeight, double priorPeaks,
            double halfLife,
            double falseAlarmsPerDay, double excludeAbove) implements Serializable {

        /** −log10 of the tail probability that scores 0.5 at this step. */
        public double halfSurprise(long stepMs) {
            return Math.max(1, -Math.log10(Math.min(pointBudget(falseAlarmsPerDay, stepMs), 0.1)));
        }

        /** The daily false-alarm budget as a probability per point at one point per {@code stepMs}. */
        public static double pointBudget(double falseAlarmsPerDay, long stepMs) {
            return falseAlarmsPerDay * stepMs / 86_400_000.0;
        }
    }

}
