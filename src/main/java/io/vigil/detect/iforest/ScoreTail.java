package io.vigil.detect.iforest;

import java.io.Serializable;

/**
 * The upper tail of a forest's scores on its (clean) training rows, so a threshold can be set for any
 * false-alarm rate, also below 1/rows: above u, the (1 − {@link #ZETA}) quantile, excesses follow a
 * generalised Pareto distribution fitted by the method of moments (σ, ξ; ξ < 0 for scores, which
 * are bounded by 1). Rates within the data use the empirical quantile instead.
 *
 * @param sortedTop the largest training scores, ascending (the empirical part)
 * @param rows how many training scores there were
 */
public record ScoreTail(double u, double sigma, double xi, double[] sortedTop, int rows) implements Serializable {
    /** Share of training scores above u: the tail that is fitted. */
    static final double ZETA = 0.05;

    static ScoreTail fit(double[] sortedScores) {
        int n = sortedScores.length;
        int k = Math.max(10, (int) Math.round(ZETA * n));
        int start = Math.max(0, n - k);
        double u = sortedScores[Math.max(0, start - 1)];
        double mean = 0;
        for (int i = start; i < n; i++) {
            mean += sortedScores[i] - u;
        }
        mean /= (n - start);
        double var = 0;
        for (int i = start; i < n; i++) {
            double d = sortedScores[i] - u - mean;
            var += d * d;
        }
        var /= Math.max(1, n - start - 1);
        double ratio = var > 0 ? mean * mean / var : 1;
        double xi = 0.5 * (1 - ratio);
        double sigma = Math.max(1e-12, 0.5 * mean * (1 + ratio));
        double[] top = java.util.Arrays.copyOfRange(sortedScores, start, n);
        return new ScoreTail(u, sigma, xi, top, n);
    }

    /** The raw score exceeded with probability {@code p} on normal data (capped at 1, the maximum score). */
    public double quantile(double p) {
        if (p >= ZETA) {
            return u;
        }
        if (p * rows >= 1) { // within the data: empirical
            int fromTop = (int) Math.floor(p * rows);
            return sortedTop[Math.max(0, sortedTop.length - 1 - fromTop)];
        }
        double ratio = ZETA / p;
        double q = Math.abs(xi) < 1e-6 ? u + sigma * Math.log(ratio) : u + sigma / xi * (Math.pow(ratio, xi) - 1);
        return Math.min(1.0, Math.max(q, sortedTop[sortedTop.length - 1]));
    }
}
