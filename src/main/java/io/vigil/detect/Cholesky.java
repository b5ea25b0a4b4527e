package io.vigil.detect;

/**
 * Cholesky factorisation of a symmetric positive-definite n×n matrix (row-major), in place, and
 * the solve it gives: the seasonal fit's normal equations and the entity model's covariance share it.
 */
public final class Cholesky {
    private Cholesky() {}

    /**
     * The lower triangle of {@code a} becomes L with a = L·Lᵀ (the upper triangle is left as it was).
     *
     * @param floor each pivot is at least this share of its diagonal element, so a matrix that is only
     *     nearly definite still factors; 0: a pivot ≤ 0 fails instead
     * @throws IllegalStateException with {@code floor} 0, when {@code a} is not positive definite
     */
    public static void factor(double[] a, int n, double floor) {
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * n + k] * a[j * n + k];
            }
            if (d <= floor * a[j * n + j]) {
                if (floor == 0) {
                    throw new IllegalStateException("not positive definite at column " + j);
                }
                d = floor * a[j * n + j];
            }
            double l = Math.sqrt(d);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / l;
            }
        }
    }

    /** Solves L·Lᵀ·x = b in place, L the lower triangle {@link #factor} left in {@code l}. */
    public static void solve(double[] l, int n, double[] b) {
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * b[k];
            }
            b[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * b[k];
            }
            b[i] = s / l[i * n + i];
        }
    }
}
