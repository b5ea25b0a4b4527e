package io.vigil.detect.lstm;

import io.vigil.detect.DetectorScore;
import io.vigil.detect.ScoreMapping;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.calibrate.NormalQuantile;
import io.vigil.detect.iforest.TrainingData;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;

import java.util.Arrays;

/**
 * Forecasts each point of a series with its family's network, run one step per grid point over
 * the series' normalised values and time of day, and scores the forecast errors in the series' own
 * noise units (the root mean square of its recent errors): the point's and the three before it
 * together, since a change of dynamics shows as errors that keep coming, each alone unremarkable,
 * where a spike is one error far out. Their sum of squares is chi-square with 4 degrees of freedom
 * for Gaussian errors (tail {@code e^(-s/2)(1 + s/2)}), reported as the normal deviate of that
 * tail, so the calibrator reads it as any detector's z and learns the series' real tail. Cold while the family has no network,
 * for the first steps under a network (the recurrent state settles from zero, as in training), and
 * until the series' baseline and noise are known. A point that does not follow the last by one
 * step (a gap, a freeze window) starts the recurrent state over.
 */
final class LstmDetector implements SeriesDetector<LstmState> {
    /** Errors whose mean square is known well enough to score against. */
    private static final long NOISE_WARM = 30;
    /** A point's error counts at most this many noise units into the noise, so a spike does not teach it. */
    private static final double NOISE_CLIP = 4;
    /** The noise never drops below this share of the level, so a flat series does not page on a wiggle. */
    private static final double MIN_RELATIVE_NOISE = 0.005;
    /** Earlier errors scored together with a point's own. */
    private static final int RECENT = 3;

    private final LstmConfig config;
    private final LstmFamilies families;
    private final double alpha;
    private final long stepMs;
    private final SeriesBaseline baseline;
    private long modelId;
    private float[] h;
    private float[] c;
    private double forecast;
    private int steps;
    private double noise;
    private long noiseCount;
    private long lastMs;
    private final float[] recent = new float[RECENT];
    private String family;

    LstmDetector(LstmConfig config, LstmFamilies families, double alpha, long stepMs, LstmState s) {
        this.config = config;
        this.families = families;
        this.alpha = alpha;
        this.stepMs = stepMs;
        if (s == null) {
            this.baseline = new SeriesBaseline(alpha, 0, 0, 0);
            this.forecast = Double.NaN;
            this.lastMs = Long.MIN_VALUE;
        } else {
            this.baseline = new SeriesBaseline(alpha, s.level(), s.scale(), s.baselineCount());
            this.modelId = s.modelId();
            this.h = s.h() == null ? null : s.h().clone();
            this.c = s.c() == null ? null : s.c().clone();
            this.forecast = s.forecast();
            this.steps = s.steps();
            this.noise = s.noise();
            this.noiseCount = s.noiseCount();
            this.lastMs = s.lastMs();
            if (s.recent() != null && s.recent().length == RECENT) {
                System.arraycopy(s.recent(), 0, recent, 0, RECENT);
            }
        }
    }

    private LstmModel model(FeatureVector p) {
        if (family == null) {
            family = TrainingData.familyKey(p.metric(), p.labels(), config.familyLabel());
        }
        return families.forFamily(family);
    }

    @Override
    public DetectorScore score(FeatureVector p) {
        if (p.end() || p.filled()) {
            return DetectorScore.COLD;
        }
        LstmModel m = model(p);
        if (m == null || m.id() != modelId || steps < config.warmupSteps() || noiseCount < NOISE_WARM
                || !baseline.warm() || !Double.isFinite(forecast) || p.timestampMs() - lastMs != stepMs) {
            return DetectorScore.COLD;
        }
        double e = (baseline.z(p.value()) - forecast) / sigma();
        double s = e * e;
        for (float r : recent) {
            s += r;
        }
        double tail = Math.exp(-s / 2) * (1 + s / 2);
        double z = tail >= 1 ? 0 : -NormalQuantile.of(Math.max(tail, Double.MIN_NORMAL) / 2);
        // No band: the band shown, and the residual the change detector reads, stay the seasonal
        // model's; a one-step forecaster follows a level shift within steps, so its residual would hide it.
        return new DetectorScore(true, ScoreMapping.score(z, config.sensitivity()), z, Double.NaN, Double.NaN,
                Double.NaN, e > 0 ? Direction.UP : e < 0 ? Direction.DOWN : Direction.NONE);
    }

    /** The noise's scale in baseline units, above its floor. */
    private double sigma() {
        return Math.max(Math.sqrt(noise), MIN_RELATIVE_NOISE * Math.abs(baseline.level()) / baseline.effectiveScale());
    }

    @Override
    public void learn(FeatureVector p) {
        if (p.end()) {
            return;
        }
        LstmModel m = model(p);
        long ts = p.timestampMs();
        boolean follows = lastMs != Long.MIN_VALUE && ts - lastMs == stepMs;
        lastMs = ts;
        if (m == null || !baseline.warm()) {
            learnBaseline(p); // the network runs from the point the baseline is warm, as in training
            return;
        }
        int hidden = m.net().hidden();
        if (m.id() != modelId || !follows || h == null || h.length != hidden) {
            modelId = m.id(); // the noise is kept: a refit of the family forecasts about as well
            h = new float[hidden];
            c = new float[hidden];
            Arrays.fill(recent, 0f);
            steps = 0;
            forecast = Double.NaN;
        }
        double z = baseline.z(p.value());
        if (!p.filled() && steps >= config.warmupSteps() && Double.isFinite(forecast)) {
            double e2 = (z - forecast) * (z - forecast);
            if (noiseCount >= NOISE_WARM) {
                System.arraycopy(recent, 0, recent, 1, RECENT - 1);
                recent[0] = (float) Math.min(e2 / (sigma() * sigma()), 1e6);
            }
            if (noiseCount >= NOISE_WARM / 3) {
                e2 = Math.min(e2, NOISE_CLIP * NOISE_CLIP * noise);
            }
            noiseCount++;
            noise += Math.max(alpha, 1.0 / noiseCount) * (e2 - noise);
        }
        forecast = m.net().step(LstmModel.input(z, p.hourSin(), p.hourCos()), h, c, new float[m.net().scratchSize()]);
        if (steps < Integer.MAX_VALUE) {
            steps++;
        }
        learnBaseline(p);
    }

    private void learnBaseline(FeatureVector p) {
        if (!p.filled()) {
            baseline.learn(p.value());
        }
    }

    @Override
    public LstmState toState() {
        return new LstmState(LstmState.VERSION, modelId, h, c, baseline.level(), baseline.scale(), baseline.count(),
                forecast, steps, noise, noiseCount, lastMs, recent.clone());
    }
}
