package io.vigil.features;

import io.vigil.config.FeatureConfig;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;

/**
 * Rolling features of one series over a ring buffer of its last values. Statistics for a point
 * use only the values before it: a spike must not inflate the mean and std it is compared with.
 * Rolling mean/std are recomputed per window (O(window)) rather than kept as running sums: exact,
 * free of drift, and cheap at the window sizes used (tens to hundreds of steps).
 */
public final class FeatureWindow {
    private final FeatureConfig config;
    private final int[] windows;
    private final int[] lagSteps;
    private final double[] ring;
    private int head;
    private long count;
    private double ewma;

    public FeatureWindow(FeatureConfig config) {
        this(config, new double[config.historyNeeded()], 0, 0, Double.NaN);
    }

    private FeatureWindow(FeatureConfig config, double[] ring, int head, long count, double ewma) {
        this.config = config;
        this.windows = config.windowSteps();
        this.lagSteps = config.lagSteps();
        this.ring = ring;
        this.head = head;
        this.count = count;
        this.ewma = ewma;
    }

    public static FeatureWindow fromState(FeatureConfig config, FeatureWindowState s) {
        if (s.version() != FeatureWindowState.VERSION) {
            throw new IllegalStateException("unknown feature window state version " + s.version());
        }
        if (s.ring().length != config.historyNeeded()) {
            // Windows or lags were reconfigured: keep what fits, newest first.
            FeatureWindow w = new FeatureWindow(config);
            long keep = Math.min(s.count(), Math.min(s.ring().length, w.ring.length));
            for (long i = keep; i >= 1; i--) {
                w.push(s.ring()[Math.floorMod(s.head() - (int) i, s.ring().length)]);
            }
            w.count = s.count();
            w.ewma = s.ewma();
            return w;
        }
        return new FeatureWindow(config, s.ring().clone(), s.head(), s.count(), s.ewma());
    }

    public FeatureWindowState toState() {
        return new FeatureWindowState(FeatureWindowState.VERSION, ring.clone(), head, count, ewma);
    }

    /** Features of {@code p} from the history before it; then {@code p} joins the history. */
    public FeatureVector next(GridPoint p) {
        double[] means = new double[windows.length];
        double[] stds = new double[windows.length];
        for (int i = 0; i < windows.length; i++) {
            int n = (int) Math.min(windows[i], count);
            means[i] = mean(n);
            stds[i] = n >= 2 ? Math.sqrt(variance(n, means[i])) : Double.NaN;
        }
        double[] lags = new double[lagSteps.length];
        for (int i = 0; i < lagSteps.length; i++) {
            lags[i] = count >= lagSteps[i] ? back(lagSteps[i]) : Double.NaN;
        }
        long ts = p.timestampMs();
        double hour = TimeFeatures.hourAngle(ts);
        double week = TimeFeatures.weekAngle(ts);
        var fv = new FeatureVector(p.series(), p.metric(), p.labels(), ts, p.value(), p.filled(), false, means,
                stds, lags, ewma, Math.sin(hour), Math.cos(hour), Math.sin(week), Math.cos(week),
                TimeFeatures.weekend(ts) ? 1.0 : 0.0, count, p.intervalMs());
        push(p.value());
        ewma = Double.isNaN(ewma) ? p.value() : config.ewmaAlpha() * p.value() + (1 - config.ewmaAlpha()) * ewma;
        return fv;
    }

    private void push(double v) {
        ring[head] = v;
        head = (head + 1) % ring.length;
        count++;
    }

    /** The value {@code k} steps back (1 = the newest). */
    private double back(int k) {
        return ring[Math.floorMod(head - k, ring.length)];
    }

    private double mean(int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += back(k);
        }
        return sum / n;
    }

    private double variance(int n, double mean) {
        double ss = 0;
        for (int k = 1; k <= n; k++) {
            double d = back(k) - mean;
            ss += d * d;
        }
        return ss / n;
    }
}
