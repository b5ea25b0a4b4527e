package io.vigil.detect.entity;

/**
 * An entity's D² made a z, so that the same peaks-over-threshold calibration as every detector's
 * ({@link io.vigil.detect.calibrate.TailCalibrator}) turns it into a tail probability: the
 * Wilson–Hilferty transform is exactly normal when D² is χ² with n degrees of freedom, as it would
 * be for Gaussian deviations under a right model, so the calibrator's prior is the model's promise
 * and its peaks teach it the entity's real tail, clusters counted once and anomalies clipped.
 */
final class RelationTail {
    private RelationTail() {}

    /** The Wilson–Hilferty z of D² on {@code n} degrees of freedom. */
    static double z(double d2, int n) {
        double v = 2.0 / (9.0 * n);
        return (Math.cbrt(Math.max(0, d2) / n) - (1 - v)) / Math.sqrt(v);
    }
}
