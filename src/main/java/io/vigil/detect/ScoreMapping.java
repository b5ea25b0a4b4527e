package io.vigil.detect;

/**
 * Maps a non-negative deviation z (in noise-scale units) to a score in [0, 1):
 * {@code s = z² / (z² + k²)}, so z = k gives 0.5, 2k gives 0.8, 3k gives 0.9. It is monotonic, so
 * thresholds on s are thresholds on z, and it saturates smoothly instead of clipping, which keeps
 * strong anomalies ordered. Calibration turns each detector's deviation into a tail probability.
 */
public final class ScoreMapping {
    private ScoreMapping() {}

    public static double score(double z, double k) {
        if (!(z > 0)) {
            return 0.0;
        }
        if (Double.isInfinite(z)) {
            return 1.0;
        }
        double r = k / z;
        return 1.0 / (1.0 + r * r);
    }

    /** The z at which {@link #score} reaches {@code s}: the edge of the normal band. */
    public static double zAt(double s, double k) {
        return k * Math.sqrt(s / (1.0 - s));
    }
}
