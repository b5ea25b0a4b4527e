package io.vigil.detect.seasonal;

import io.vigil.detect.DetectorScore;
import io.vigil.detect.ScoreMapping;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;

import java.util.Arrays;
import java.util.List;

/**
 * The seasonal forecaster in the stream. Scores a point by its distance from the forecast relative
 * to the band; learns by adding the point to hourly (configurable) history buckets and its residual
 * to a short ring that sets the band's centre and scale. Refits from the buckets once enough
 * history exists, then on a schedule and when the residuals drift. Before the first fit it is
 * cold and the robust detector covers. Points it finds far off enter the history clipped, so an
 * incident does not become next week's normal, and a bucket's mean leaves out its largest and its
 * smallest point (of three or more), so a lone spike, before any model could judge it, does not
 * become a bump in the daily shape: single points are the point detectors' business, the history
 * is the series' shape.
 *
 * <p>Works directly on its {@link SeasonalState}'s arrays (no copies per point: the state is ~3.5 KB).
 * Restored without its bucket history (the scorer reads that only for points that close a bucket,
 * {@link SeasonalStateSplit}), it scores and learns every other point alone.
 */
public final class SeasonalDetector implements SeriesDetector<SeasonalState> {
    /** Residuals kept for the band: enough for a stable median and MAD, cheap to sort. */
    static final int RESIDUALS = 128;
    /**
     * The band learns from residuals at least this far apart, so its memory is a span of time
     * (128 residuals: about ten hours) at any sampling interval. Kept point by point, a 1-minute
     * series' band would span two hours and follow a ramp or a slow shift up as it builds, hiding
     * it from itself and from the change detector that reads its standardised residuals.
     */
    static final long RESIDUAL_SPACING_MS = 300_000;
    /** The band's centre and scale are recomputed after this many new residuals. */
    static final int RESCALE_EVERY = 32;
    /** Before this many residuals exist the fit's own σ sets the band. */
    static final int MIN_RESIDUALS = 32;
    /** Points beyond this many σ enter the history clipped to it. */
    static final double CLIP_SIGMAS = 5.0;
    /** Weight of a new standardised residual in the drift average (≈ the last 64 points). */
    static final double DRIFT_ALPHA = 1.0 / 64;
    /** |drift| above this (6 standard errors of the average under no drift) asks for a refit. */
    static final double DRIFT_LIMIT = 0.75;
    static final double MAD_TO_SIGMA = 1.4826;
    /** Step of the band-width calibration (log units per unit of coverage error). */
    static final double CALIBRATION_RATE = 0.05;
    static final double MIN_WIDEN = 0.5;
    static final double MAX_WIDEN = 8;
    /** Smallest band scale, in units of the series' largest absolute value. */
    static final double SCALE_FLOOR = 1e-3;
    static final double MEAN_AD_TO_SIGMA = 1.2533;

    private final SeasonalConfig config;
    private final SeasonalFitter fitter;
    private final double z;
    private final long bucketMs;
    private final float[] means;
    private final byte[] counts;
    private int head;
    private int count;
    private long newestBucket;
    private long currentBucket;
    private double currentSum;
    private int currentCount;
    private double currentMin;
    private double currentMax;
    private final float[] residuals;
    private int rHead;
    private int rCount;
    private int sinceScale;
    private SeasonalModel model;
    private double center;
    private double scale;
    private double drift;
    private double widen;
    private long firstSeen;
    private long lastFit;
    private long lastResidualMs;
    private long stepMs;
    private double[] scratch;

    SeasonalDetector(SeasonalConfig config, SeasonalFitter fitter, double z, SeasonalState s) {
        this.config = config;
        this.fitter = fitter;
        this.z = z;
        this.bucketMs = config.bucket().toMillis();
        this.means = s.bucketMeans();
        this.counts = s.bucketCounts();
        this.head = s.bucketHead();
        this.count = s.bucketCount();
        this.newestBucket = s.newestBucketMs();
        this.currentBucket = s.currentBucketMs();
        this.currentSum = s.currentSum();
        this.currentCount = s.currentCount();
        this.currentMin = s.currentMin();
        this.currentMax = s.currentMax();
        this.residuals = s.residuals();
        this.rHead = s.residualHead();
        this.rCount = s.residualCount();
        this.sinceScale = s.residualsSinceScale();
        this.model = s.beta().length == 0 ? null : new SeasonalModel(s.originMs(), s.spanMs(), s.yScale(),
                s.logScale(), changepoints(s.changepoints()), s.dailyOrder(), s.weeklyOrder(),
                List.of(s.eventNames()), s.beta(), 0, 0, s.sigma());
        this.center = s.center();
        this.scale = s.scale();
        this.drift = s.drift();
        this.widen = s.widen();
        this.firstSeen = s.firstSeenMs();
        this.lastFit = s.lastFitMs();
        this.lastResidualMs = s.lastResidualMs();
        this.stepMs = s.stepMs();
        this.scratch = model == null ? null : new double[model.columns()];
    }

    static SeasonalState empty(SeasonalConfig config) {
        int buckets = (int) (config.history().toMillis() / config.bucket().toMillis());
        float[] means = new float[buckets];
        Arrays.fill(means, Float.NaN);
        return new SeasonalState(SeasonalState.VERSION, means, new byte[buckets], 0, 0, Long.MIN_VALUE,
                Long.MIN_VALUE, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, new float[RESIDUALS], 0, 0,
                0, new double[0], 0, 1, 1, false, 0, 0, 0, new String[0], 0, 0, 0, 0, 1, Long.MIN_VALUE,
                Long.MIN_VALUE, Long.MIN_VALUE, 0);
    }

    private static double[] changepoints(int n) {
        double[] c = new double[n];
        for (int j = 0; j < n; j++) {
            c[j] = SeasonalFitter.CHANGEPOINT_RANGE * (j + 1) / (n + 1);
        }
        return c;
    }

    @Override
    public DetectorScore score(FeatureVector p) {
        if (model == null) {
            return DetectorScore.COLD;
        }
        double m = model.predictScaled(p.timestampMs(), config.events(), scratch);
        double width = scale * widen;
        double half = z * width;
        double u = (model.scale(p.value()) - m - center) / width;
        Direction dir = u > 0 ? Direction.UP : u < 0 ? Direction.DOWN : Direction.NONE;
        return new DetectorScore(true, ScoreMapping.score(Math.abs(u) / z, config.sensitivity()), Math.abs(u),
                model.unscale(m + center), model.unscale(m + center - half), model.unscale(m + center + half), dir);
    }

    @Override
    public void learn(FeatureVector p) {
        long t = p.timestampMs();
        if (firstSeen == Long.MIN_VALUE) {
            firstSeen = t;
        }
        double v = p.value();
        if (model != null) {
            double m = model.predictScaled(t, config.events(), scratch);
            double r = model.scale(v) - m;
            double u = (r - center) / scale;
            if (!p.filled()) {
                if (lastResidualMs == Long.MIN_VALUE || t - lastResidualMs >= RESIDUAL_SPACING_MS) {
                    addResidual(r, t);
                }
                drift += DRIFT_ALPHA * (Math.max(-CLIP_SIGMAS, Math.min(CLIP_SIGMAS, u)) - drift);
                calibrate(u);
            }
            if (Math.abs(u) > CLIP_SIGMAS) {
                v = model.unscale(m + center + Math.signum(u) * CLIP_SIGMAS * scale);
            }
        }
        long bucket = bucketOf(t, bucketMs);
        if (bucket != currentBucket) {
            boolean closed = closesBucket(currentCount, currentBucket, bucket);
            if (closed) {
                pushBucket(currentBucket, trimmedMean(), currentCount);
            }
            if (bucket > currentBucket || currentCount == 0) {
                currentBucket = bucket;
                currentSum = 0;
                currentCount = 0;
                currentMin = Double.POSITIVE_INFINITY;
                currentMax = Double.NEGATIVE_INFINITY;
            }
            if (closed && refitDue(t)) {
                refit(t);
            }
        }
        currentSum += v;
        currentCount++;
        currentMin = Math.min(currentMin, v);
        currentMax = Math.max(currentMax, v);
    }

    /** Whether a point in {@code bucket} closes the open one (the only time the history is touched). */
    static boolean closesBucket(int openCount, long openBucket, long bucket) {
        return openCount > 0 && bucket > openBucket;
    }

    /** Start of the history bucket that holds {@code t}. */
    static long bucketOf(long t, long bucketMs) {
        return Math.floorDiv(t, bucketMs) * bucketMs;
    }

    /**
     * The open bucket's mean without its largest and smallest point, when it has three or more and
     * both are known (a bucket restored from a version-1 state does not know them).
     */
    private double trimmedMean() {
        boolean trim = config.trimBuckets() && currentCount >= 3 && currentMin <= currentMax;
        return trim ? (currentSum - currentMin - currentMax) / (currentCount - 2) : currentSum / currentCount;
    }

    /**
     * Adaptive conformal calibration of the band's width: every point outside the band widens it,
     * every point inside narrows it a little, balanced exactly when the share outside equals
     * 1 − width. It corrects what the residual scale misses (misfit that moves faster than the
     * centre follows, heavy tails). Points beyond the clip are anomalies, not evidence on the noise.
     */
    private void calibrate(double u) {
        if (Math.abs(u) > CLIP_SIGMAS) {
            return;
        }
        double miss = 1 - config.intervalWidth();
        boolean outside = Math.abs(u) > z * widen;
        widen *= Math.exp(CALIBRATION_RATE * ((outside ? 1 : 0) - miss));
        widen = Math.max(MIN_WIDEN, Math.min(MAX_WIDEN, widen));
    }

    private boolean refitDue(long t) {
        if (t - firstSeen < config.minHistory().toMillis()) {
            return false;
        }
        return model == null || t - lastFit >= config.refitEvery().toMillis() || Math.abs(drift) > DRIFT_LIMIT;
    }

    private void pushBucket(long start, double mean, int n) {
        if (newestBucket != Long.MIN_VALUE) {
            // Empty buckets in between stay NaN (a gap), up to the whole ring.
            long missing = Math.min((start - newestBucket) / bucketMs - 1, means.length);
            for (long k = 0; k < missing; k++) {
                put(Float.NaN, 0);
            }
        }
        put((float) mean, n);
        newestBucket = start;
    }

    private void put(float mean, int n) {
        means[head] = mean;
        counts[head] = (byte) Math.min(n, 255);
        head = (head + 1) % means.length;
        count = Math.min(count + 1, means.length);
    }

    private void refit(long now) {
        int n = count;
        long[] t = new long[n];
        double[] y = new double[n];
        double[] w = new double[n];
        double points = 0;
        int used = 0;
        for (int k = 0; k < n; k++) {
            int idx = Math.floorMod(head - n + k, means.length);
            t[k] = newestBucket - (long) (n - 1 - k) * bucketMs + bucketMs / 2;
            y[k] = means[idx];
            w[k] = Byte.toUnsignedInt(counts[idx]);
            if (!Float.isNaN(means[idx])) {
                points += w[k];
                used++;
            }
        }
        if (used < 2 * SeasonalFitter.ROWS_PER_CHANGEPOINT) {
            return;
        }
        // Buckets of one point are samples, not means: no averaging to undo.
        long width = points / used >= 2 ? bucketMs : 0;
        SeasonalModel fitted = fitter.fit(t, y, w, width, null);
        boolean first = model == null;
        SeasonalModel previous = model;
        model = fitted;
        scratch = new double[model.columns()];
        lastFit = now;
        drift = 0;
        if (first || rCount < MIN_RESIDUALS) {
            center = 0;
            scale = fitted.sigma();
            rCount = 0;
            rHead = 0;
        } else {
            rebase(previous);
        }
    }

    /**
     * Re-expresses the recent residuals against the new model, so the band's centre and scale do not
     * mix two models' errors for the next hours. The residuals' times are not kept: the k-th newest
     * is about k residual spacings (the series' interval, or {@link #RESIDUAL_SPACING_MS} if that is
     * finer) before the newest.
     */
    private void rebase(SeasonalModel previous) {
        double[] oldScratch = new double[previous.columns()];
        long spacing = Math.max(stepMs, RESIDUAL_SPACING_MS);
        for (int k = 0; k < rCount; k++) {
            int idx = Math.floorMod(rHead - 1 - k, residuals.length);
            long t = lastResidualMs - k * spacing;
            double v = previous.unscale(residuals[idx] + previous.predictScaled(t, config.events(), oldScratch));
            residuals[idx] = (float) (model.scale(v) - model.predictScaled(t, config.events(), scratch));
        }
        rescale();
    }

    private void addResidual(double r, long t) {
        if (lastResidualMs != Long.MIN_VALUE && t > lastResidualMs) {
            long dt = t - lastResidualMs;
            stepMs = stepMs == 0 ? dt : Math.min(stepMs, dt);
        }
        lastResidualMs = t;
        residuals[rHead] = (float) r;
        rHead = (rHead + 1) % residuals.length;
        rCount = Math.min(rCount + 1, residuals.length);
        if (++sinceScale >= RESCALE_EVERY && rCount >= MIN_RESIDUALS) {
            rescale();
        }
    }

    private void rescale() {
        sinceScale = 0;
        float[] sorted = Arrays.copyOf(residuals, rCount);
        Arrays.sort(sorted);
        center = median(sorted);
        double meanAbs = 0;
        for (int i = 0; i < rCount; i++) {
            sorted[i] = (float) Math.abs(sorted[i] - center);
            meanAbs += sorted[i];
        }
        Arrays.sort(sorted);
        // MAD alone collapses on series that sit on one value most of the time and step off it
        // routinely (quantised CPU, counts); the mean absolute deviation sees those steps. Both
        // estimate σ for Gaussian noise. The floor keeps a flat stretch from alarming on rounding:
        // 0.1% of the series' largest value, or a fiftieth of the fit's σ (which includes misfit).
        scale = Math.max(Math.max(MAD_TO_SIGMA * median(sorted), MEAN_AD_TO_SIGMA * meanAbs / rCount),
                Math.max(SCALE_FLOOR, 0.02 * model.sigma()));
    }

    private static double median(float[] sorted) {
        int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    @Override
    public SeasonalState toState() {
        SeasonalModel m = model;
        return new SeasonalState(SeasonalState.VERSION, means, counts, head, count, newestBucket, currentBucket,
                currentSum, currentCount, currentMin, currentMax, residuals, rHead, rCount, sinceScale,
                m == null ? new double[0] : m.beta(), m == null ? 0 : m.originMs(), m == null ? 1 : m.spanMs(),
                m == null ? 1 : m.yScale(), m != null && m.logScale(), m == null ? 0 : m.changepoints().length,
                m == null ? 0 : m.dailyOrder(), m == null ? 0 : m.weeklyOrder(),
                m == null ? new String[0] : m.eventNames().toArray(String[]::new), m == null ? 0 : m.sigma(),
                center, scale, drift, widen, firstSeen, lastFit, lastResidualMs, stepMs);
    }
}
