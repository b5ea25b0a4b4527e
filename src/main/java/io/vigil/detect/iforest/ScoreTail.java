package io.vigil.detect.iforest;

import java.io.Serializable;

/**
 * The upper tail of a forest's scores on its (clean) training rows, so a threshold can be set for a
 * false-alarm rate and a score read as a rate: above u, the (1 − {@link #ZETA}) quantile, the
 * empirical quantiles; below 1/rows, the largest training score (a forest cannot tell finer:
 * isolation saturates). Not extrapolated: thresholds from a generalised Pareto fit past the largest
 * training score were now and then above every one of 200,000 fresh normal scores (too quiet),
 * depending on the fit's random trees.
 *
 * @param sortedTop the largest training scores, ascending (the empirical part)
 * @param rows how many training scores there were
 */
public record ScoreTail(double u, double[] sortedTop, int rows) implements Serializable {
    /** Share of training scores above u: the tail that is kept. */
    static final double ZETA = 0.05;

    static ScoreTail fit(double[] sortedScores) {
        int n = sortedScores.length;
        int k = Math.max(10, (int) Math.round(ZETA * n));
        int start = Math.max(0, n - k);
        double u = sortedScores[Math.max(0, start - 1)];
        return new ScoreTail(u, java.util.Arrays.copyOfRange(sortedScores, start, n), n);
    }

    /** The raw score exceeded with probability {@code p} on normal data. */
    public double quantile(double p) {
        if (p >= ZETA) {
            return u;
        }
        if (p * rows >= 1) { // within the data: empirical
            int fromTop = (int) Math.floor(p * rows);
            return sortedTop[Math.max(0, sortedTop.length - 1 - fromTop)];
        }
        return sortedTop[sortedTop.length - 1];
    }

    /**
     * The share of normal data scoring at least {@code raw}, the inverse of {@link #quantile}: 1 in the
     * body (at most u: not a tail event), the empirical share in the tail, and half of 1/rows above
     * the largest training score.
     */
    public double exceedance(double raw) {
        if (raw <= u) {
            return 1;
        }
        if (raw <= sortedTop[sortedTop.length - 1]) { // within the data: empirical
            return (double) (sortedTop.length - lowerBound(sortedTop, raw)) / rows;
        }
        return 0.5 / rows;
    }

    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
