package io.vigil.detect.calibrate;

import io.vigil.config.DetectConfig.CalibrationConfig;

import java.io.Serializable;

/**
 * Maps a detector's deviation (a z-like distance from its expectation) to the probability of a
 * deviation at least as large on this series' normal data: peaks over threshold (extreme value
 * theory), as in SPOT. Deviations beyond a fixed threshold u are exceedances; their rate q and
 * the shape of their excesses, fitted as a generalised Pareto distribution, give
 * {@code P(Z > z) = q · (1 + ξ(z − u)/σ)^(−1/ξ)}. This extrapolates into the far tail from a few
 * dozen peaks, which a quantile sketch of bounded size cannot, and its state is a few hundred bytes.
 *
 * <p>A prior stands in for what the series has not shown yet: the rate the detector's noise model
 * promises (2Φ(−u)), with a prior weight in points, and moderately heavy excesses (ξ = 0.25, σ = 1),
 * with a weight of {@code prior-peaks} peaks that fades to none at {@value #MIN_PEAKS}. A new series
 * starts near the detector's nominal calibration, on the cautious side, and every peak it shows moves
 * it towards its own tail: a series whose noise is light earns sensitivity within its first handful
 * of peaks rather than after all of them (at one exceedance of 3σ a day or so, that took weeks).
 * Points the calibrator finds alarming teach it nothing (SPOT's rule): incidents must not fatten
 * the tail that judges the next one.
 */
public final class TailCalibrator {
    static final int EXCESSES = 32;
    /** Exceedances closer than this many points belong to one cluster. */
    static final int RUN = 5;
    /** Peaks by which the prior tail's weight has faded to none. */
    static final int MIN_PEAKS = 16;
    /** Peaks before their spread says anything of the shape (until then the prior's shape, own scale). */
    static final int MIN_SHAPE_PEAKS = 4;
    static final double MIN_P = 1e-15;
    static final double MAX_SHAPE = 0.45;
    /**
     * No lighter than exponential: a negative shape puts a finite end on the tail, σ/|ξ| past the
     * threshold, beyond which every point is "impossible" (p at its floor); a few dozen peaks of
     * Gaussian noise often estimate ξ a little below 0 and would make a 5σ point a certain alarm.
     */
    static final double MIN_SHAPE = 0;
    public static final double PRIOR_SHAPE = 0.25;
    static final double PRIOR_SCALE = 1.0;

    /**
     * What every calibrator of one configuration shares, computed once per operator rather than
     * once per point (the prior rate needs erfc, the decay a power).
     */
    public record Settings(CalibrationConfig config, double u, double priorRate, double decay, double priorShape,
            double priorPeaks) implements Serializable {
        public static Settings of(CalibrationConfig config) {
            return of(config, PRIOR_SHAPE);
        }

        /**
         * A cold-start detector's calibrator keeps the prior alone until {@value #MIN_PEAKS} peaks:
         * it judges young series, whose first peaks are their own warm-up (a median and MAD of a few
         * dozen points, a daily curve not yet seen) rather than their noise, and would teach it a
         * tail heavier than the prior's.
         */
        public Settings coldStart() {
            return new Settings(config, u, priorRate, decay, priorShape, Double.POSITIVE_INFINITY);
        }

        /**
         * {@code priorShape}: the tail assumed until the series shows its own. Deviations of a point
         * from a model are heavy-tailed in practice ({@value #PRIOR_SHAPE}); a statistic whose tail
         * is known by construction (an accumulated likelihood ratio) may say 0 (exponential).
         */
        public static Settings of(CalibrationConfig config, double priorShape) {
            return new Settings(config, config.tailThreshold(), 2 * upperTail(config.tailThreshold()),
                    Math.pow(0.5, 1.0 / config.halfLife()), priorShape, config.priorPeaks());
        }
    }

    private final CalibrationConfig config;
    private final double u;
    private final double priorRate;
    private final double decay;
    private final double priorShape;
    private final double priorPeaks;
    private double seen;
    private double exceedances;
    private final float[] excesses;
    private int head;
    private int count;
    private double shape;
    private double scale;
    private double clusterMax;
    private int quiet;

    public TailCalibrator(CalibrationConfig config, CalibrationState s) {
        this(Settings.of(config), s);
    }

    public TailCalibrator(Settings settings, CalibrationState s) {
        this.config = settings.config();
        this.u = settings.u();
        this.priorRate = settings.priorRate();
        this.decay = settings.decay();
        this.priorShape = settings.priorShape();
        this.priorPeaks = settings.priorPeaks();
        this.seen = s.seen();
        this.exceedances = s.exceedances();
        this.excesses = s.excesses();
        this.head = s.head();
        this.count = s.count();
        this.shape = s.shape();
        this.scale = s.scale();
        this.clusterMax = s.clusterMax();
        this.quiet = s.quiet();
    }

    public static CalibrationState empty() {
        return new CalibrationState(CalibrationState.VERSION, 0, 0, new float[EXCESSES], 0, 0, 0, 1, Double.NaN, 0);
    }

    /** P(deviation ≥ z) on this series' normal data. */
    public double tailProbability(double z) {
        double q = rate();
        if (!(z > u)) {
            // Below the threshold only the order matters: log-linear from 1 at z = 0 to q at u.
            return Math.pow(q, Math.max(0, z) / u);
        }
        double tail = gpd(tailShape() + shapeUncertainty(), tailScale(), z - u);
        return Math.max(MIN_P, q * (Double.isNaN(tail) ? 0 : tail));
    }

    /**
     * Learns one observed point's deviation. Exceedances are declustered (runs method): a run of
     * exceedances less than {@value #RUN} points apart is one cluster, counted once in the rate, and
     * its peak is the one excess it contributes. Noise that is merely heavy-tailed makes many
     * clusters and teaches the tail; an incident is one cluster, however long. A cluster whose peak
     * lies beyond {@code alarmP} (an anomaly) enters the fit clipped to that level, so a recurring
     * fault does not teach the tail to expect its own size.
     */
    public void learn(double z, double alarmP) {
        seen = seen * decay + 1;
        exceedances *= decay;
        if (z > u) {
            if (Double.isNaN(clusterMax)) {
                exceedances += 1;
                clusterMax = z;
            } else {
                clusterMax = Math.max(clusterMax, z);
            }
            quiet = 0;
        } else if (!Double.isNaN(clusterMax) && ++quiet >= RUN) {
            double excess = clusterMax - u;
            if (tailProbability(clusterMax) < alarmP) {
                excess = Math.min(excess, excessAt(alarmP));
            }
            excesses[head] = (float) excess;
            head = (head + 1) % excesses.length;
            count = Math.min(count + 1, excesses.length);
            clusterMax = Double.NaN;
            quiet = 0;
            fit();
        }
    }

    /** The excess over the threshold whose tail probability is {@code p} under the current tail. */
    double excessAt(double p) {
        double r = Math.min(1, p / rate());
        double xi = tailShape();
        double sigma = tailScale();
        return Math.abs(xi) < 1e-6 ? -sigma * Math.log(r) : sigma / xi * (Math.pow(r, -xi) - 1);
    }

    /** The rate of exceedances of the threshold, shrunk towards the detector's nominal one. */
    private double rate() {
        return (exceedances + priorRate * config.priorWeight()) / (seen + config.priorWeight());
    }

    /**
     * The excesses' fitted shape; before its first peak the series has only the prior's: a
     * moderately heavy tail (operational metrics rarely have Gaussian tails), so a new series errs
     * towards fewer alarms.
     */
    private double tailShape() {
        return count > 0 ? shape : priorShape;
    }

    /**
     * The tail is judged by what the peaks predict of the next one, not by the single best-fitting
     * tail: a scale estimated from n peaks makes the predictive tail heavier by 1/n in shape (an
     * exponential tail of uncertain scale predicts a Lomax of shape n). Without it the threshold of a
     * small budget sits wherever the last few dozen peaks happened to put it, and by convexity those
     * errors add false alarms on average (on Gaussian noise at 1-minute steps about a tenth above the
     * budget). Until the prior has faded ({@value #MIN_PEAKS} peaks) its cautious shape stands for
     * that uncertainty, and is not doubled.
     */
    private double shapeUncertainty() {
        return count >= MIN_PEAKS && !Double.isInfinite(priorPeaks) ? 1.0 / count : 0;
    }

    /** The prior tail's weight in peaks now: {@code prior-peaks}, fading to none by the {@value #MIN_PEAKS}th. */
    private double priorWeightNow() {
        return count >= MIN_PEAKS ? 0 : priorPeaks * (1 - count / (double) MIN_PEAKS);
    }

    private double tailScale() {
        return count > 0 ? scale : PRIOR_SCALE;
    }

    /** P(excess ≥ y) of a generalised Pareto distribution. */
    private static double gpd(double xi, double sigma, double y) {
        return Math.abs(xi) < 1e-6 ? Math.exp(-y / sigma) : Math.pow(Math.max(0, 1 + xi * y / sigma), -1 / xi);
    }

    /**
     * Generalised Pareto by the method of moments (ξ = ½(1 − m²/v) from the excesses' mean m and
     * variance v; σ from the mean, E[Y] = σ/(1 − ξ)), each shrunk towards the prior tail with
     * the prior's fading weight.
     */
    private void fit() {
        double mean = 0;
        for (int i = 0; i < count; i++) {
            mean += excesses[i];
        }
        mean /= count;
        double var = 0;
        for (int i = 0; i < count; i++) {
            double d = excesses[i] - mean;
            var += d * d;
        }
        var = count > 1 ? var / (count - 1) : 0;
        boolean shapeKnown = count >= MIN_SHAPE_PEAKS && var > 1e-12 && mean > 0;
        double own = shapeKnown ? Math.max(MIN_SHAPE, Math.min(MAX_SHAPE, 0.5 * (1 - mean * mean / var))) : 0;
        double prior = priorWeightNow();
        if (Double.isInfinite(prior)) {
            shape = priorShape;
            scale = PRIOR_SCALE;
            return;
        }
        double n = shapeKnown ? count : 0;
        shape = n + prior > 0 ? (n * own + prior * priorShape) / (n + prior) : own;
        double priorMean = PRIOR_SCALE / (1 - priorShape);
        double shrunkMean = (count * mean + prior * priorMean) / (count + prior);
        scale = Math.max(shrunkMean * (1 - shape), 1e-6);
    }

    public CalibrationState toState() {
        return new CalibrationState(CalibrationState.VERSION, seen, exceedances, excesses, head, count, shape, scale,
                clusterMax, quiet);
    }

    /** P(N(0,1) > x). */
    static double upperTail(double x) {
        return 0.5 * erfc(x / Math.sqrt(2));
    }

    /** Complementary error function (Numerical Recipes' erfcc: fractional error < 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /**
     * The score of a tail probability: with S = −log10(p), {@code S / (S + half)}, so p = 10^−half
     * scores 0.5 and the score keeps rising (never saturating: the strongest anomalies stay ordered).
     * One threshold thus means one tail probability for every series and detector.
     */
    public static double surprise(double p, double half) {
        double s = -Math.log10(Math.max(p, MIN_P));
        return s <= 0 ? 0 : s / (s + half);
    }

    /** The tail probability a score stands for (inverse of {@link #surprise}). */
    public static double probabilityAt(double score, double half) {
        return Math.pow(10, -half * score / (1 - score));
    }
}
