package io.vigil.detect.robust;

import io.vigil.detect.DetectorScore;
import io.vigil.detect.ScoreMapping;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;

import java.util.Arrays;

/**
 * Rolling median and MAD over the last {@code window} values: the cold-start detector, and the one
 * that covers series no model knows yet. The robust z of a point is |x − median| / scale with
 * scale = max(1.4826·MAD, 1.2533·mean|x − median|, minRel·|median|). 1.4826·MAD and 1.2533·mean
 * absolute deviation both estimate σ for Gaussian noise; the second keeps the scale above zero on
 * series that are flat most of the time, and the relative floor stops a flat series from alerting
 * on a tiny wiggle. The median tolerates up to half the window being anomalous, so an anomaly does
 * not hide itself, while a lasting level shift becomes the new normal after window/2 steps.
 */
public final class RobustDetector implements SeriesDetector<RobustState> {
    static final double MAD_TO_SIGMA = 1.4826;
    static final double MEAN_AD_TO_SIGMA = 1.2533;
    /** Below this the scale is numerical noise; guards the division for all-zero series. */
    static final double ABSOLUTE_FLOOR = 1e-9;

    private final RobustConfig config;
    private final double threshold;
    private final double[] ring;
    private int head;
    private int count;
    private final double[] scratch;

    RobustDetector(RobustConfig config, double threshold, double[] ring, int head, int count) {
        this.config = config;
        this.threshold = threshold;
        this.ring = ring;
        this.head = head;
        this.count = count;
        this.scratch = new double[ring.length];
    }

    @Override
    public DetectorScore score(FeatureVector p) {
        int n = Math.min(count, ring.length);
        if (n < config.warmup()) {
            return DetectorScore.COLD;
        }
        System.arraycopy(ring, 0, scratch, 0, ring.length);
        double median = median(scratch, n);
        double meanAbs = 0;
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(valueAt(i) - median);
            meanAbs += scratch[i];
        }
        meanAbs /= n;
        double mad = median(scratch, n);
        double scale = Math.max(Math.max(MAD_TO_SIGMA * mad, MEAN_AD_TO_SIGMA * meanAbs),
                Math.max(config.minRelativeScale() * Math.abs(median), ABSOLUTE_FLOOR));
        double dev = p.value() - median;
        double z = Math.abs(dev) / scale;
        double half = ScoreMapping.zAt(threshold, config.sensitivityZ()) * scale;
        return new DetectorScore(true, ScoreMapping.score(z, config.sensitivityZ()), z, median, median - half,
                median + half, dev > 0 ? Direction.UP : dev < 0 ? Direction.DOWN : Direction.NONE);
    }

    @Override
    public void learn(FeatureVector p) {
        ring[head] = p.value();
        head = (head + 1) % ring.length;
        if (count < Integer.MAX_VALUE) {
            count++;
        }
    }

    @Override
    public RobustState toState() {
        return new RobustState(RobustState.VERSION, ring.clone(), head, count);
    }

    /** The i-th stored value (any order will do for median and MAD). */
    private double valueAt(int i) {
        return ring[i];
    }

    /**
     * Median of the first n entries of a; reorders them. By selection, not sorting (two medians per
     * point): the order statistics are those of {@link Arrays#sort(double[], int, int)}, whose
     * order ({@link Double#compare}) the partitioning follows, so the answer is the sorted one's.
     */
    static double median(double[] a, int n) {
        int k = n / 2;
        double upper = select(a, n, k);
        if ((n & 1) == 1) {
            return upper;
        }
        // After selection everything before k is at most a[k]: the lower middle is their largest.
        double lower = a[0];
        for (int i = 1; i < k; i++) {
            if (Double.compare(a[i], lower) > 0) {
                lower = a[i];
            }
        }
        return 0.5 * (lower + upper);
    }

    /** The k-th smallest of a[0..n) (Hoare's selection, median-of-three pivot); partitions a around it. */
    private static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(a[mid], a[lo]) < 0) {
                swap(a, mid, lo);
            }
            if (Double.compare(a[hi], a[lo]) < 0) {
                swap(a, hi, lo);
            }
            if (Double.compare(a[hi], a[mid]) < 0) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (Double.compare(a[i], pivot) < 0) {
                    i++;
                }
                while (Double.compare(a[j], pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break; // between j and i: every entry equals the pivot
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
