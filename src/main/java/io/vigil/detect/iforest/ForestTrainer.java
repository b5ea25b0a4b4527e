package io.vigil.detect.iforest;

import smile.anomaly.IsolationForest;
import smile.math.MathEx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Fits an isolation forest on a clean baseline and calibrates it. Clean: rows with a component
 * beyond {@code cleanSigma} robust deviations of its column (median/MAD) are left out, so the
 * faults in the history do not become normal. Then the threshold is the training scores'
 * (1 − contamination) quantile, and scores are normalised so that the threshold maps to 0.5 and the
 * forest's maximum possible score 1 to 1 (below the threshold, linearly from 0).
 *
 * <p>Classic isolation forest (axis-parallel splits, Liu et al. 2008): 100 trees of 256-point
 * subsamples, depth ⌈log2 256⌉ = 8. Extended splits (Smile's default) cost several times more to
 * score for little gain on operational metrics.
 */
public final class ForestTrainer {
    public static final int TREES = 100;
    public static final int SUBSAMPLE = 256;
    /** Share of rows at one value from which a feature counts as constant. */
    static final double NEAR_CONSTANT = 0.95;
    private static final Object SMILE_FIT = new Object();

    /** A trained, calibrated model and what it was trained on. */
    public record Trained(CompactForest forest, double threshold, double[] center, double[] scale, ScoreTail tail,
            int rowsUsed, int rowsExcluded) {
        /** Normalised score in [0, 1]: 0.5 at the contamination threshold. */
        public double normalised(double raw) {
            return ScoreScale.normalise(raw, threshold);
        }

        /** As a model of {@code kind} and {@code key}; {@code leftOutBefore}: rows dropped before training. */
        public ForestModels.Model model(String kind, String key, List<String> features, int leftOutBefore) {
            return new ForestModels.Model(kind, key, features, threshold, center, scale, tail, rowsUsed,
                    rowsExcluded + leftOutBefore, forest);
        }
    }

    private final int trees;
    private final int subsample;
    private final double contamination;
    private final double cleanSigma;

    public ForestTrainer(int trees, int subsample, double contamination, double cleanSigma) {
        if (contamination <= 0 || contamination >= 0.5) {
            throw new IllegalArgumentException("contamination must be in (0, 0.5), got " + contamination);
        }
        this.trees = trees;
        this.subsample = subsample;
        this.contamination = contamination;
        this.cleanSigma = cleanSigma;
    }

    public static ForestTrainer defaults() {
        return withContamination(0.01);
    }

    /** The classic forest with 5σ cleaning, as `vigil train` and the in-stream fits use it. */
    public static ForestTrainer withContamination(double contamination) {
        return new ForestTrainer(TREES, SUBSAMPLE, contamination, 5.0);
    }

    /** Fits on {@code rows} (all of one dimension, finite); {@code seed} makes the fit reproducible. */
    public Trained fit(double[][] rows, long seed) {
        if (rows.length < 32) {
            throw new IllegalArgumentException("need at least 32 rows to train, got " + rows.length);
        }
        int dim = rows[0].length;
        double[] center = new double[dim];
        double[] scale = new double[dim];
        double[][] clean = clean(rows, dim, center, scale);
        int n = clean.length;
        int psi = Math.min(subsample, n);
        int depth = (int) Math.ceil(Math.log(psi) / Math.log(2));
        IsolationForest smile = fitInOneThread(clean, depth, (double) psi / n, seed);
        CompactForest forest = SmileForests.compact(smile, dim);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = forest.score(clean[i]);
        }
        Arrays.sort(scores);
        double threshold = scores[Math.min(n - 1, (int) Math.floor((1 - contamination) * n))];
        return new Trained(forest, threshold, center, scale, ScoreTail.fit(scores), n, rows.length - n);
    }

    /**
     * Smile fits the trees in a parallel stream whose workers draw from their own random generators,
     * so a seed alone does not make a fit reproducible. Run inside a one-thread fork/join pool, the
     * stream's tasks run on that thread from the generator seeded here, and fits are serialised
     * across the JVM (two at once on different threads gave other forests 40 of 40 times): most
     * fits then repeat exactly, not all (a test of it failed about one run in five, and
     * {@code evaluate nab} moves by a few tenths between runs). Exact reproducibility would need
     * the trees grown without Smile's generators; growing them one Smile tree at a time from
     * Vigil's own subsamples was tried and was worse.
     */
    private IsolationForest fitInOneThread(double[][] rows, int depth, double sampling, long seed) {
        // CompletableFuture, not submit().get(): a waiting thread may run a submitted task itself,
        // and Smile's stream would then fan out to the common pool's unseeded generators.
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            synchronized (SMILE_FIT) {
                return CompletableFuture.supplyAsync(() -> {
                    MathEx.setSeed(seed);
                    return IsolationForest.fit(rows, trees, depth, sampling, 0);
                }, one).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fitting a forest", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            one.shutdown();
        }
    }

    /** The rows within cleanSigma of every column's median; receives the medians and robust scales. */
    private double[][] clean(double[][] rows, int dim, double[] median, double[] scale) {
        double[] col = new double[rows.length];
        for (int j = 0; j < dim; j++) {
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != dim) {
                    throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, not " + dim);
                }
                col[i] = rows[i][j];
            }
            double[] sorted = col.clone();
            Arrays.sort(sorted);
            median[j] = sorted[sorted.length / 2];
            for (int i = 0; i < rows.length; i++) {
                sorted[i] = Math.abs(col[i] - median[j]);
            }
            Arrays.sort(sorted);
            scale[j] = Math.max(1.4826 * sorted[sorted.length / 2], 1e-9 + 1e-6 * Math.abs(median[j]));
            int atMedian = 0;
            while (atMedian < sorted.length && sorted[atMedian] == 0) {
                atMedian++;
            }
            if (atMedian >= NEAR_CONSTANT * sorted.length) {
                // (Nearly) constant, like a weekend flag in a sample of weekdays: the forest learned
                // nothing about its other values (see ForestModels.Model#inputs).
                scale[j] = 0;
            }
        }
        List<double[]> kept = new ArrayList<>(rows.length);
        for (double[] r : rows) {
            boolean ok = true;
            for (int j = 0; j < dim && ok; j++) {
                ok = Double.isFinite(r[j]) && (scale[j] == 0 || Math.abs(r[j] - median[j]) <= cleanSigma * scale[j]);
            }
            if (ok) {
                kept.add(r);
            }
        }
        if (kept.size() < 32) {
            throw new IllegalArgumentException("only " + kept.size() + " of " + rows.length
                    + " rows are within " + cleanSigma + " sigma on every feature; not enough to train");
        }
        return kept.toArray(new double[0][]);
    }
}
