package io.vigil.detect.change;

import io.vigil.detect.DetectorScore;
import io.vigil.detect.Residual;
import io.vigil.detect.ScoreMapping;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;

/**
 * Evidence that accumulates: three CUSUMs (Page's log-likelihood-ratio form) over the primary model's
 * standardised residuals z, for a rise of the mean by δ σ, a fall by δ σ, and a rise of the spread to
 * ρ σ. Each is S ← max(0, S + llr(z)) with llr = δz − δ²/2 (mean) or ½(1 − ρ⁻²)z² − ln ρ (spread). A
 * deviation that lasts makes S grow linearly however small each point is; a single point cannot carry
 * far, because z is clipped at {@value #CLIP} σ first (one spike is the point detectors' call, not
 * evidence of a change). Under the model's noise P(S ≥ s) ≤ e^(−s) (Wald's bound, for each statistic),
 * so the largest, paying for three looks, has P ≤ 3e^(−s): an exponential tail. It is reported shifted
 * onto the calibrator's scale ({@code offset}), so that the calibrator's prior (an exponential tail
 * of unit scale from its threshold) is exactly this bound until the series shows its own tail
 * (residuals of real series are autocorrelated, so their CUSUMs run larger than the bound says).
 *
 * <p>Residuals of real series are autocorrelated (a model's misfit lasts: a smooth curve under a
 * square wave is wrong for an hour at every edge), and a CUSUM sums them as if each point were new
 * evidence. The detector keeps the residuals' lag-1 autocorrelation ρ (an exponential average over
 * about {@value #MEMORY} points, learned only while no change is in progress, so a shift does not
 * teach it that shifts are normal) and divides each log-likelihood ratio by the long-run variance
 * factor (1 + ρ)/(1 − ρ) of an AR(1) process: the effective number of independent points. Until
 * the series has shown its own ρ a cautious prior of {@value #PRIOR_RHO} stands in.
 *
 * <p>The primary model's residual scale is local (a few hours of residuals) and its band is tuned
 * for single points, so over the hundreds of points a CUSUM integrates its z is not exactly of unit
 * variance, and a spread statistic reads a scale that is 15 % off as a change of the spread. So the
 * detector standardises z once more by its own long-run variance (an exponential average of z² over
 * the same quiet points as ρ, each point's square capped at {@value #SQUARE_CAP} times the average
 * so one spike does not inflate it; shrunk towards 1 with the prior's weight): its null is "the
 * residuals go on as they have been", whatever the primary's scale error.
 *
 * <p>Each statistic is capped at {@value #CAP}: far past any threshold, so once the primary model has
 * followed a new level the alarm ends within a few points rather than after the whole excess drains.
 * The statistics restart when the primary model changes (a model of the shape takes over from the
 * cold-start detector); gap-filled points teach nothing.
 *
 * <p>A change still in progress after {@code rebaseline} is the series' new normal (a new release's
 * level, a noisier host): learning only while quiet, the detector would otherwise stay alarmed for
 * good on a regime whose noise differs from the one it learned. It restarts its statistics and
 * averages and, for {@value #PRIOR_WEIGHT} points, learns the new regime without judging it, so
 * a lasting change is one alarm.
 */
public final class ChangeDetector implements SeriesDetector<ChangeState> {
    static final double CLIP = 4;
    static final double CAP = 20;
    /** Three statistics are looked at: Bonferroni. */
    static final int LOOKS = 3;
    /** Points the autocorrelation estimate averages over. */
    static final int MEMORY = 500;
    static final double PRIOR_RHO = 0.5;
    /** Points' worth of weight on the prior ρ. */
    static final double PRIOR_WEIGHT = 100;
    static final double MAX_RHO = 0.95;
    /** While any statistic is above this, a change may be in progress: ρ learns nothing. */
    static final double QUIET = 3;
    /** A point's square counts in the variance up to this many times the average (a 4σ point). */
    static final double SQUARE_CAP = 16;
    /** The verdict while a new regime is being learned: warm, and nothing in progress. */
    private static final DetectorScore RELEARNING =
            new DetectorScore(true, 0, 0, Double.NaN, Double.NaN, Double.NaN, Direction.NONE);
    /** Smallest long-run variance: a residual that has been flat does not make every wiggle a change. */
    static final double MIN_VARIANCE = 0.05;

    private final double delta;
    private final double spreadA;
    private final double spreadB;
    private final double scoreZ;
    private final double offset;
    private final long rebaselineMs;
    private int source;
    private double up;
    private double down;
    private double spread;
    private double last;
    private double lagProduct;
    private double square;
    private double variance;
    private double seen;
    private long changeSinceMs;
    private boolean relearning;

    /** {@code offset}: what turns a statistic into the calibrator's deviation (see {@link ChangeKind}). */
    ChangeDetector(ChangeConfig config, double scoreZ, double offset, ChangeState s) {
        this.offset = offset;
        this.rebaselineMs = config.rebaselineMs();
        this.delta = config.shift();
        double rho2 = config.spread() * config.spread();
        this.spreadA = 0.5 * (1 - 1 / rho2);
        this.spreadB = 0.5 * Math.log(rho2);
        this.scoreZ = scoreZ;
        this.source = s.source();
        this.up = s.up();
        this.down = s.down();
        this.spread = s.spread();
        this.last = s.last();
        this.lagProduct = s.lagProduct();
        this.square = s.square();
        this.variance = s.variance();
        this.seen = s.seen();
        this.changeSinceMs = s.changeSinceMs();
        this.relearning = s.relearning();
    }

    @Override
    public DetectorScore score(FeatureVector p) {
        return DetectorScore.COLD;
    }

    @Override
    public void learn(FeatureVector p) {}

    @Override
    public DetectorScore score(FeatureVector p, Residual r) {
        if (r == null) {
            return DetectorScore.COLD;
        }
        boolean same = r.source() == source;
        if (relearning && same) {
            return RELEARNING;
        }
        double z = clip(r.z() / (same ? scale() : 1));
        double w = same ? weight() : 1 / inflation(PRIOR_RHO);
        double u = next(same ? up : 0, w * meanLlr(z));
        double d = next(same ? down : 0, w * meanLlr(-z));
        double v = next(same ? spread : 0, w * spreadLlr(z));
        double s = Math.max(u, Math.max(d, v));
        double dev = Math.max(0, s + offset);
        Direction dir = s == u ? Direction.UP : s == d ? Direction.DOWN
                : z > 0 ? Direction.UP : z < 0 ? Direction.DOWN : Direction.NONE;
        return new DetectorScore(true, ScoreMapping.score(dev, scoreZ), dev, Double.NaN, Double.NaN, Double.NaN,
                s > 0 ? dir : Direction.NONE);
    }

    @Override
    public void learn(FeatureVector p, Residual r) {
        if (r == null || p.filled()) {
            return;
        }
        if (r.source() != source) {
            source = r.source();
            restart();
            relearning = false;
        }
        double z = clip(r.z() / scale());
        double w = weight();
        if ((relearning || largest() < QUIET) && !Double.isNaN(last)) {
            double a = 1.0 / MEMORY;
            lagProduct += a * (z * last - lagProduct);
            square += a * (z * z - square);
            variance += a * (Math.min(r.z() * r.z(), SQUARE_CAP * longRunVariance()) - variance);
            seen = Math.min(seen + 1, MEMORY);
        }
        last = z;
        if (relearning) {
            relearning = seen < PRIOR_WEIGHT;
            return;
        }
        up = next(up, w * meanLlr(z));
        down = next(down, w * meanLlr(-z));
        spread = next(spread, w * spreadLlr(z));
        if (largest() < QUIET) {
            changeSinceMs = Long.MIN_VALUE;
        } else if (changeSinceMs == Long.MIN_VALUE) {
            changeSinceMs = p.timestampMs();
        } else if (p.timestampMs() - changeSinceMs >= rebaselineMs) {
            restart();
            relearning = true;
        }
    }

    /** The largest of the three statistics. */
    private double largest() {
        return Math.max(up, Math.max(down, spread));
    }

    /** Forgets the statistics and the averages (a new primary model, or a change that became the normal). */
    private void restart() {
        up = 0;
        down = 0;
        spread = 0;
        last = Double.NaN;
        lagProduct = 0;
        square = 0;
        variance = 0;
        seen = 0;
        changeSinceMs = Long.MIN_VALUE;
    }

    /** Log-likelihood ratio of a rise of the mean by δ σ ({@code -z}: of a fall). */
    private double meanLlr(double z) {
        return delta * z - 0.5 * delta * delta;
    }

    /** Log-likelihood ratio of a rise of the spread to ρ σ. */
    private double spreadLlr(double z) {
        return spreadA * z * z - spreadB;
    }

    /** The incoming residual's long-run variance (shrunk towards 1, the primary's own claim). */
    private double longRunVariance() {
        // The average starts at 0: until MEMORY points it is biased low by (1 − e^(−n/MEMORY)).
        double filled = 1 - Math.exp(-seen / MEMORY);
        double own = filled > 0 ? variance / filled : 1;
        return Math.max(MIN_VARIANCE, shrunk(own, 1));
    }

    private double scale() {
        return Math.sqrt(longRunVariance());
    }

    /**
     * 1 / the long-run variance factor at the current ρ estimate (shrunk towards the prior). ρ is a
     * ratio of two averages started alike, so their start-up bias cancels.
     */
    private double weight() {
        return 1 / inflation(shrunk(square > 1e-12 ? lagProduct / square : PRIOR_RHO, PRIOR_RHO));
    }

    /** An estimate from the points seen, shrunk towards {@code prior} with {@value #PRIOR_WEIGHT} points' weight. */
    private double shrunk(double own, double prior) {
        return (seen * own + PRIOR_WEIGHT * prior) / (seen + PRIOR_WEIGHT);
    }

    private static double inflation(double rho) {
        double r = Math.max(0, Math.min(MAX_RHO, rho));
        return (1 + r) / (1 - r);
    }

    private static double clip(double z) {
        return Math.max(-CLIP, Math.min(CLIP, z));
    }

    private static double next(double s, double llr) {
        return Math.min(CAP, Math.max(0, s + llr));
    }

    @Override
    public ChangeState toState() {
        return new ChangeState(ChangeState.VERSION, source, up, down, spread, last, lagProduct, square, variance, seen,
                changeSinceMs, relearning);
    }
}
