package io.vigil.detect.entity;

import io.vigil.detect.calibrate.TailCalibrator;

/**
 * An entity's D² as a tail probability, by the same peaks-over-threshold calibration as every
 * detector ({@link TailCalibrator}): D² over n series is first made a z by the Wilson–Hilferty
 * transform (exactly normal when D² is χ² with n degrees of freedom, as it would be for Gaussian
 * deviations under a right model), so the calibrator's prior is the model's promise and its peaks
 * teach it the entity's real tail, clusters counted once and anomalies clipped.
 */
final class RelationTail {
    private RelationTail() {}

    /** The Wilson–Hilferty z of D² on {@code n} degrees of freedom. */
    static double z(double d2, int n) {
        double v = 2.0 / (9.0 * n);
        return (Math.cbrt(Math.max(0, d2) / n) - (1 - v)) / Math.sqrt(v);
    }

    /** p(D² ≥ d2) on the entity's normal steps. */
    static double probability(TailCalibrator.Settings s, EntityLearning l, double d2, int n) {
        return new TailCalibrator(s, l.calibration()).tailProbability(z(d2, n));
    }

    /** {@code l} having seen one more step's D² (not one it flagged). */
    static EntityLearning learn(TailCalibrator.Settings s, EntityLearning l, double d2, int n, double alarmP) {
        TailCalibrator c = new TailCalibrator(s, l.calibration());
        c.learn(z(d2, n), alarmP);
        return l.withCalibration(c.toState());
    }
}
