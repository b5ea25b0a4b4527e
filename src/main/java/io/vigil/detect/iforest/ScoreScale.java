package io.vigil.detect.iforest;

/**
 * Maps the forest's raw score (0.5 typical, 1 isolated at once) to Vigil's [0, 1] scale with the
 * trained threshold at 0.5: linear below it from 0, linear above it to 1 at the raw maximum 1.
 */
final class ScoreScale {
    private ScoreScale() {}

    static double normalise(double raw, double threshold) {
        if (raw <= threshold) {
            return threshold <= 0 ? 0 : 0.5 * Math.max(0, raw) / threshold;
        }
        return Math.min(1, 0.5 + 0.5 * (raw - threshold) / Math.max(1e-12, 1 - threshold));
    }
}
