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

    /** Median of the first n entries of a; reorders them. */
    static double median(double[] a, int n) {
        Arrays.sort(a, 0, n);
        return (n & 1) == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }
}
