package io.vigil.detect.seasonal;

/**
 * Fourier seasonality features: sin/cos of k·2πt/P for k = 1..order, in absolute time (epoch
 * milliseconds), so a coefficient means the same phase whatever the fit window. Higher orders come
 * from the angle-addition recurrence: one sin/cos call per period instead of one per order.
 */
final class FourierTerms {
    private FourierTerms() {}

    /**
     * Writes {@code 2·order} features at {@code out[offset..]}: sin(kθ), cos(kθ) for k = 1..order,
     * each multiplied by {@code atten[k-1]} (1 for points; the bucket-averaging factor for means).
     */
    static void fill(long tMs, long periodMs, int order, double[] atten, double[] out, int offset) {
        if (order == 0) {
            return;
        }
        double theta = 2 * Math.PI * Math.floorMod(tMs, periodMs) / periodMs;
        double s1 = Math.sin(theta);
        double c1 = Math.cos(theta);
        double s = s1;
        double c = c1;
        for (int k = 0; k < order; k++) {
            out[offset + 2 * k] = s * atten[k];
            out[offset + 2 * k + 1] = c * atten[k];
            double sNext = s * c1 + c * s1;
            c = c * c1 - s * s1;
            s = sNext;
        }
    }

    /**
     * The factor by which averaging over a window of {@code widthMs} shrinks harmonic k of period P:
     * sin(πkw/P)/(πkw/P). Fitting bucket means with attenuated features recovers point amplitudes.
     */
    static double[] attenuation(long widthMs, long periodMs, int order) {
        double[] a = new double[order];
        for (int k = 1; k <= order; k++) {
            double x = Math.PI * k * widthMs / (double) periodMs;
            a[k - 1] = x < 1e-12 ? 1.0 : Math.sin(x) / x;
        }
        return a;
    }

    static double[] ones(int order) {
        double[] a = new double[order];
        java.util.Arrays.fill(a, 1.0);
        return a;
    }
}
