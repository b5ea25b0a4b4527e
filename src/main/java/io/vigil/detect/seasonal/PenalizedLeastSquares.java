package io.vigil.detect.seasonal;

import io.vigil.detect.Cholesky;

import java.util.Arrays;

/**
 * Least squares with a per-coefficient penalty, from accumulated normal equations: one pass over
 * the data builds X'WX and X'Wy, after which any penalty is a change of the diagonal and a p×p
 * Cholesky solve. Gaussian priors are ridge terms; Laplace priors (changepoint sparsity) are
 * solved by iteratively reweighted ridge, each round reusing X'WX.
 */
final class PenalizedLeastSquares {
    /** Iterations of the reweighting; the L1 solution settles in well under this. */
    static final int L1_ROUNDS = 25;
    /** Below this a Laplace-penalised coefficient is treated as zero (in scaled units). */
    static final double L1_EPS = 1e-6;

    private final int p;
    private final double[] xtx;
    private final double[] xty;
    private double weight;

    PenalizedLeastSquares(int p) {
        this.p = p;
        this.xtx = new double[p * p];
        this.xty = new double[p];
    }

    double weight() {
        return weight;
    }

    /** Adds one row (upper triangle only; mirrored at solve time). A negative weight removes it. */
    void add(double[] x, double y, double w) {
        for (int i = 0; i < p; i++) {
            double xi = x[i] * w;
            if (xi == 0) {
                continue;
            }
            int row = i * p;
            for (int j = i; j < p; j++) {
                xtx[row + j] += xi * x[j];
            }
            xty[i] += xi * y;
        }
        weight += w;
    }

    /**
     * Minimises ||y − Xβ||² + Σ ridge_i β_i² + Σ l1_i |β_i|.
     *
     * @param ridge per-coefficient Gaussian penalty (σ²/prior²), ≥ 0
     * @param l1 per-coefficient Laplace penalty (0 = none)
     */
    double[] solve(double[] ridge, double[] l1) {
        double[] beta = solveRidge(ridge);
        boolean anyL1 = false;
        for (double v : l1) {
            anyL1 |= v > 0;
        }
        if (!anyL1) {
            return beta;
        }
        double[] pen = new double[p];
        for (int round = 0; round < L1_ROUNDS; round++) {
            for (int i = 0; i < p; i++) {
                // |b| ≈ b²/(2|b_prev|): the ridge weight that gives the L1 gradient at b_prev.
                pen[i] = ridge[i] + (l1[i] > 0 ? l1[i] / (2 * Math.max(Math.abs(beta[i]), L1_EPS)) : 0);
            }
            double[] next = solveRidge(pen);
            double change = 0;
            for (int i = 0; i < p; i++) {
                change = Math.max(change, Math.abs(next[i] - beta[i]));
            }
            beta = next;
            if (change < 1e-9) {
                break;
            }
        }
        for (int i = 0; i < p; i++) {
            if (l1[i] > 0 && Math.abs(beta[i]) < 10 * L1_EPS) {
                beta[i] = 0;
            }
        }
        return beta;
    }

    private double[] solveRidge(double[] pen) {
        double[] a = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                a[i * p + j] = xtx[i * p + j];
                a[j * p + i] = xtx[i * p + j];
            }
            a[i * p + i] += pen[i] + 1e-10 * (1 + xtx[i * p + i]);
        }
        double[] b = Arrays.copyOf(xty, p);
        Cholesky.factor(a, p, 0);
        Cholesky.solve(a, p, b);
        return b;
    }
}
