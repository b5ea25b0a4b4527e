package io.vigil.detect.entity;

import io.vigil.detect.Cholesky;

import java.util.Arrays;

/**
 * The relation-break model of one entity: how its series' deviations normally move together.
 *
 * <p>Each series contributes its deviation u = (value − expected) / half-band from its own
 * detectors, so every level is relative to the series' own baseline and in its own noise units:
 * slow drift of a level is not an anomaly, a broken relation between series is. The model keeps
 * the second moments of u over the entity's recent normal steps and, at each refit, a shrunk
 * covariance (towards its diagonal, so a few days of steps suffice for dozens of series) and its
 * inverse. A step's Mahalanobis distance D² = uᵀ Σ⁻¹ u is large when the series move in a way
 * they did not move together before, even if each is within its own band. The same covariance
 * groups the series that move alike (|correlation| ≥ the grouping threshold), so that near copies
 * of one quantity count as one witness, not several.
 *
 * <p>Pure arithmetic over arrays, so the stream operator and the tests share it.
 */
public final class RelationModel {
    /** Deviations beyond this many half-bands count as this many: one wild series must not own D². */
    static final double CLIP = 10;
    /** Weight of the diagonal in the shrunk covariance. */
    static final double SHRINK = 0.1;
    /** Each refit halves the weight of what was learned before: the memory is a few refit periods. */
    static final double DECAY = 0.5;

    private RelationModel() {}

    /** The deviation of a point in its own half-bands, clipped; NaN when its detectors have no band yet. */
    public static double deviation(double value, double expected, double lower, double upper) {
        double half = (upper - lower) / 2;
        if (!(half > 0) || Double.isNaN(value) || Double.isNaN(expected)) {
            return Double.NaN;
        }
        double u = (value - expected) / half;
        return Math.max(-CLIP, Math.min(CLIP, u));
    }

    /** Index of (i, j), i ≤ j, in the packed upper triangle (grows by appending when a series joins). */
    static int packed(int i, int j) {
        return j * (j + 1) / 2 + i;
    }

    /** The packed moments of {@code n} series, grown from {@code moments} (new series start at zero). */
    static double[] grown(double[] moments, int n) {
        int size = n * (n + 1) / 2;
        return moments.length >= size ? moments : Arrays.copyOf(moments, size);
    }

    /** Adds the outer product of one step's deviations (absent ones as 0) to the packed moments. */
    static void learn(double[] moments, double[] u, int n) {
        for (int j = 0; j < n; j++) {
            double uj = u[j];
            if (Double.isNaN(uj) || uj == 0) {
                continue;
            }
            int base = j * (j + 1) / 2;
            for (int i = 0; i <= j; i++) {
                double ui = u[i];
                if (!Double.isNaN(ui)) {
                    moments[base + i] += ui * uj;
                }
            }
        }
    }

    /** A fitted model: Σ⁻¹ of the first {@code n} series (row-major) and each series' group. */
    public record Fit(int n, double[] inverse, int[] groups) {}

    /**
     * Fits the shrunk covariance of the first {@code n} series from {@code weight} steps' moments.
     *
     * @param correlation |correlation| at which two series are one group
     */
    static Fit fit(double[] moments, double weight, int n, double correlation) {
        double[] c = new double[n * n];
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
            double d = moments[packed(i, i)] / weight;
            // A series that never moved is given unit variance: its deviations, if any come, are surprising.
            diag[i] = d > 1e-9 ? d : 1.0;
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                double v = i == j ? diag[i] : (1 - SHRINK) * moments[packed(i, j)] / weight;
                c[i * n + j] = v;
                c[j * n + i] = v;
            }
        }
        int[] groups = groups(c, diag, n, correlation);
        return new Fit(n, invert(c, n), groups);
    }

    /** Single-linkage groups of series whose |correlation| reaches {@code threshold}; ids are the smallest member. */
    static int[] groups(double[] c, double[] diag, int n, double threshold) {
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double r = c[i * n + j] / Math.sqrt(diag[i] * diag[j]) / (1 - SHRINK);
                if (Math.abs(r) >= threshold) {
                    int a = root(parent, i);
                    int b = root(parent, j);
                    parent[Math.max(a, b)] = Math.min(a, b);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            parent[i] = root(parent, i);
        }
        return parent;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }

    /** The inverse of a symmetric positive-definite matrix (the shrinkage keeps it definite; pivots floored). */
    static double[] invert(double[] a, int n) {
        double[] l = a.clone();
        Cholesky.factor(l, n, 1e-12);
        double[] inv = new double[n * n];
        double[] column = new double[n];
        for (int col = 0; col < n; col++) {
            Arrays.fill(column, 0);
            column[col] = 1;
            Cholesky.solve(l, n, column);
            for (int i = 0; i < n; i++) {
                inv[i * n + col] = column[i];
            }
        }
        return inv;
    }

    /** D² of one step's deviations under {@code fit} (absent deviations and series newer than the fit count as 0). */
    static double distance(Fit fit, double[] u) {
        int n = fit.n();
        double[] inv = fit.inverse();
        double d = 0;
        for (int i = 0; i < n; i++) {
            double ui = i < u.length && !Double.isNaN(u[i]) ? u[i] : 0;
            if (ui == 0) {
                continue;
            }
            double row = 0;
            for (int j = 0; j < n; j++) {
                double uj = j < u.length && !Double.isNaN(u[j]) ? u[j] : 0;
                row += inv[i * n + j] * uj;
            }
            d += ui * row;
        }
        return d;
    }

    /** Halves what was learned (called at each refit). */
    static void decay(double[] moments) {
        for (int i = 0; i < moments.length; i++) {
            moments[i] *= DECAY;
        }
    }
}
