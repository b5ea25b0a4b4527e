package io.vigil.detect.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The relation model's arithmetic on data whose answer is known. */
class RelationModelTest {
    /** Moments of {@code steps} steps: series 1 copies series 0 (plus a little noise), 2 and 3 are independent. */
    static double[] moments(int steps, Random r) {
        double[] m = new double[RelationModel.packed(3, 3) + 1];
        for (int t = 0; t < steps; t++) {
            double a = 0.4 * r.nextGaussian();
            double[] u = {a, a + 0.05 * r.nextGaussian(), 0.4 * r.nextGaussian(), 0.4 * r.nextGaussian()};
            RelationModel.learn(m, u, 4);
        }
        return m;
    }

    @Test
    void invert_givesTheInverseOfASymmetricPositiveDefiniteMatrix() {
        Random r = new Random(1);
        int n = 6;
        double[] b = new double[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextGaussian();
        }
        double[] a = new double[n * n]; // Bᵀ B + I
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) {
                    s += b[k * n + i] * b[k * n + j];
                }
                a[i * n + j] = s;
            }
        }
        double[] inv = RelationModel.invert(a, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * inv[k * n + j];
                }
                assertThat(s).as("(A A⁻¹)[%d][%d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
    }

    @Test
    void fit_groupsNearCopies_andKeepsIndependentSeriesApart() {
        RelationModel.Fit f = RelationModel.fit(moments(2000, new Random(2)), 2000, 4, 0.7);
        assertThat(f.groups()).containsExactly(0, 0, 2, 3);
    }

    @Test
    void distance_isLargeWhenSeriesThatMoveTogetherPartWays_evenWithinTheirBands() {
        RelationModel.Fit f = RelationModel.fit(moments(2000, new Random(3)), 2000, 4, 0.7);
        // Both inside their own bands (|u| < 1 half-band): only the relation is broken.
        double together = RelationModel.distance(f, new double[] {0.8, 0.8, 0, 0});
        double apart = RelationModel.distance(f, new double[] {0.8, -0.8, 0, 0});
        assertThat(apart).isGreaterThan(10 * together);
        // A series absent at the step, or newer than the fit, counts as typical.
        assertThat(RelationModel.distance(f, new double[] {Double.NaN, 0, 0, 0, 5})).isZero();
    }

    @Test
    void deviation_isInHalfBands_clipped_andNaNWithoutABand() {
        assertThat(RelationModel.deviation(103, 100, 98, 102)).isEqualTo(1.5);
        assertThat(RelationModel.deviation(1e9, 100, 98, 102)).isEqualTo(RelationModel.CLIP);
        assertThat(RelationModel.deviation(103, Double.NaN, Double.NaN, Double.NaN)).isNaN();
    }
}
