package io.vigil.detect.iforest;

import org.junit.jupiter.api.Test;

import smile.anomaly.IsolationForest;
import smile.math.MathEx;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactForestTest {
    static double[][] correlated(int n, int dim, long seed) {
        Random r = new Random(seed);
        double[][] rows = new double[n][dim];
        for (double[] row : rows) {
            double common = r.nextGaussian();
            for (int j = 0; j < dim; j++) {
                row[j] = 10 * j + common * (1 + j) + 0.5 * r.nextGaussian();
            }
        }
        return rows;
    }

    @Test
    void compactScoresAreIdenticalToSmiles() {
        double[][] train = correlated(2000, 6, 1);
        double[][] probe = correlated(3000, 6, 2);
        Random r = new Random(3);
        for (double[] p : probe) {
            if (r.nextInt(10) == 0) {
                p[r.nextInt(6)] += 8 * r.nextGaussian(); // some far-off points too
            }
        }
        for (int depth : new int[] {8, 5, 11}) {
            MathEx.setSeed(11);
            IsolationForest smile = IsolationForest.fit(train, 100, depth, 256.0 / train.length, 0);
            CompactForest compact = SmileForests.compact(smile, 6);
            for (double[] p : probe) {
                assertThat(compact.score(p)).as("depth %d", depth).isEqualTo(smile.score(p));
            }
            // Points exactly on split values and far outside the training range, too.
            for (double[] p : train) {
                assertThat(compact.score(p)).isEqualTo(smile.score(p));
            }
            double[] far = {1e300, -1e300, 0, -0.0, Double.MIN_VALUE, 5e-324};
            assertThat(compact.score(far)).isEqualTo(smile.score(far));
        }
        MathEx.setSeed(11);
        IsolationForest extended = IsolationForest.fit(train, 10, 8, 0.1, 2);
        assertThatThrownBy(() -> SmileForests.compact(extended, 6)).hasMessageContaining("extension level 0");
    }

    @Test
    void exactThreshold_splitsTheDoublesExactlyWhereTheProductDoes() {
        Random r = new Random(21);
        for (int trial = 0; trial < 2000; trial++) {
            double c = Math.exp(6 * r.nextGaussian());
            double b = r.nextGaussian() * Math.exp(4 * r.nextGaussian());
            double t = ExactThreshold.smallestReaching(c, b);
            assertThat(c * t >= b).isTrue();
            double below = Math.nextDown(t);
            assertThat(c * below >= b).as("c=%s b=%s", c, b).isFalse();
            for (int k = 0; k < 20; k++) {
                double v = t + (r.nextGaussian() * Math.abs(t) * 1e-15) + r.nextGaussian() * 1e-300;
                assertThat(v >= t).isEqualTo(c * v >= b);
            }
        }
    }

    @Test
    void savedAndLoaded_scoresIdentically_badBytesSaySo() {
        ForestTrainer.Trained t = ForestTrainer.defaults().fit(correlated(3000, 4, 5), 7);
        byte[] bytes = t.forest().toBytes();
        CompactForest loaded = CompactForest.fromBytes(bytes, "model.vif");
        for (double[] p : correlated(500, 4, 6)) {
            assertThat(loaded.score(p)).isEqualTo(t.forest().score(p));
        }
        assertThat(bytes.length).as("100 trees of depth 8 (Smile's own serialized form: ~2 MB)").isLessThan(1_000_000);
        byte[] wrongVersion = bytes.clone();
        wrongVersion[7] = 9;
        assertThatThrownBy(() -> CompactForest.fromBytes(wrongVersion, "m.vif"))
                .hasMessage("m.vif has model format 9; this Vigil reads 1");
        assertThatThrownBy(() -> CompactForest.fromBytes(java.util.Arrays.copyOf(bytes, 100), "m.vif"))
                .hasMessageStartingWith("m.vif is truncated or corrupt");
        assertThatThrownBy(() -> CompactForest.fromBytes("hello, world".getBytes(), "m.vif"))
                .hasMessage("m.vif is not a Vigil isolation-forest model");
    }

    @Test
    void relationBreaks_forestFlagsIt_whileEachValueIsInItsNormalRange() {
        // Traffic 10..100 req/s, CPU follows it (0.5 % per req/s). Then traffic high while CPU is low.
        Random r = new Random(8);
        double[][] rows = new double[4000][];
        for (int i = 0; i < rows.length; i++) {
            double traffic = 10 + 90 * r.nextDouble();
            rows[i] = new double[] {traffic, 0.5 * traffic + 2 * r.nextGaussian()};
        }
        ForestTrainer.Trained t = ForestTrainer.defaults().fit(rows, 9);
        double[] broken = {90, 12};
        assertThat(t.normalised(t.forest().score(broken))).isGreaterThan(0.5);
        assertThat(t.normalised(t.forest().score(new double[] {90, 45}))).isLessThan(0.5);
        // Each value alone is unremarkable: robust z of 90 req/s and of 12 % CPU.
        for (int j = 0; j < 2; j++) {
            double[] col = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                col[i] = rows[i][j];
            }
            java.util.Arrays.sort(col);
            double median = col[col.length / 2];
            double[] dev = new double[col.length];
            for (int i = 0; i < col.length; i++) {
                dev[i] = Math.abs(col[i] - median);
            }
            java.util.Arrays.sort(dev);
            double z = Math.abs(broken[j] - median) / (1.4826 * dev[dev.length / 2]);
            assertThat(z).as("robust z of feature %d", j).isLessThan(3);
        }
    }

    @Test
    void onCleanData_theFlaggedShareIsCloseToContamination() {
        ForestTrainer trainer = new ForestTrainer(100, 256, 0.01, 5);
        ForestTrainer.Trained t = trainer.fit(correlated(5000, 5, 12), 13);
        double[][] fresh = correlated(20_000, 5, 14);
        int flagged = 0;
        for (double[] p : fresh) {
            if (t.normalised(t.forest().score(p)) >= 0.5) {
                flagged++;
            }
        }
        assertThat(flagged / 20_000.0).isBetween(0.005, 0.02);
    }

    @Test
    void scoreTail_setsThresholdsForRatesBeyondTheTrainingData() {
        ForestTrainer.Trained t = new ForestTrainer(100, 256, 0.01, 5).fit(correlated(4000, 4, 30), 31);
        double[][] fresh = correlated(200_000, 4, 32);
        for (double p : new double[] {1e-2, 1e-3, 2e-4}) {
            double threshold = t.tail().quantile(p);
            int above = 0;
            for (double[] x : fresh) {
                if (t.forest().score(x) > threshold) {
                    above++;
                }
            }
            double rate = above / (double) fresh.length;
            System.out.printf("score tail: p %.0e -> observed %.2e%n", p, rate);
            // Beyond the data (p below 1/rows) the threshold is the largest training score.
            assertThat(rate).as("p = %s", p).isBetween(p / 10, p * 3);
        }
        assertThat(t.tail().quantile(1e-9)).isLessThanOrEqualTo(1.0).isGreaterThanOrEqualTo(t.tail().quantile(1e-3));
        for (double p : new double[] {2e-2, 5e-3, 1e-3}) { // exceedance inverts quantile within the data
            assertThat(t.tail().exceedance(Math.nextUp(t.tail().quantile(p)))).as("p = %s", p).isBetween(p * 0.3, p * 1.05); // ties lower it
        }
        assertThat(t.tail().exceedance(1.0)).isEqualTo(0.5 / t.tail().rows());
    }

    @Test
    void faultsInTheHistory_areLeftOutOfTraining_normalRowsAreNot() {
        double[][] rows = correlated(3000, 3, 15);
        for (int i = 0; i < 60; i++) {
            rows[i * 50][1] += 40; // 2 % faults, far beyond 5 sigma
        }
        ForestTrainer.Trained t = ForestTrainer.defaults().fit(rows, 16);
        assertThat(t.rowsExcluded()).isBetween(60, 60 + 30);
        assertThat(t.rowsUsed()).isEqualTo(3000 - t.rowsExcluded());
    }
}
