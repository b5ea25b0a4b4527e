package io.vigil.bench;

import io.vigil.config.VigilConfig;
import io.vigil.detect.robust.RobustConfig;
import io.vigil.detect.robust.RobustModule;

/**
 * What the live phase feeds: every series one sample per grid step at half the job's sustainable
 * rate, a warm-up, then spikes on a few series, each in a service of its own, one after the other.
 *
 * <p>The sustainable wall rate is the throughput phase's samples per CPU-second times the cores
 * the job can use, {@code min(nproc, parallelism)}. Half of it spread over N series gives each a
 * sample every N / (rate / 2) seconds; the step is that rounded up to a whole second, at least 1 s
 * (the adapter's timestamps keep whole seconds), so the rate fed is at most half the sustainable one.
 *
 * @param series series fed, each one sample per step
 * @param stepMs the grid step, passed to the job as {@code features.step}
 * @param warmupSteps steps of normal samples before the first spike
 * @param anomalies spikes injected, the i-th on {@link #anomalousSeries}(i)
 */
record LivePlan(int series, long stepMs, int warmupSteps, int anomalies) {
    /**
     * A spike's size in noise sigmas. A series a minute old is judged by the robust detector under
     * the cold-start calibration's cautious prior, a tail of shape 0.25 above 3 sigmas: P(z) =
     * 0.0027 (1 + (z − 3) / 4)^−4. At a 1-2 s step the false-alarm budget (0.1 a day) puts the
     * threshold at a tail probability of 1.2-2.3e-6, which that tail reaches at 22-27 sigmas, more
     * when another detector shares the Bonferroni budget. A 20-sigma spike stays below it (a trial
     * run at a 1 s step alerted on none of three); 50 sigmas (the value about doubles) clears it at
     * any step.
     */
    static final double SPIKE_SIGMAS = 50;
    /**
     * Steps of margin over the robust detector's warm-up before the first spike: the job starts
     * reading while the feed's first steps are written, and a series' first steps may be gaps.
     */
    static final int WARMUP_MARGIN = 5;
    /** Steps a spike lasts. */
    static final int SPIKE_STEPS = 3;
    /**
     * Steps from one spike's start to the next one's: the next spike starts as the last one ends.
     * Prime to the live job's 10 s checkpoint interval, so the spikes' completions (on step
     * boundaries) walk through every phase of the checkpoint cycle the step allows, and the
     * committed figure covers the wait for the commit from a short one to a whole interval. With 5
     * steps of 2 s every spike came 10 s after the last, at the same phase of the cycle: the
     * committed latencies of one run lay within 1.4 s of each other.
     */
    static final int SPACING_STEPS = 3;

    LivePlan {
        if (series < 1 || stepMs < 1000 || stepMs % 1000 != 0 || warmupSteps < 1) {
            throw new IllegalArgumentException(String.format("a live plan needs series, a step of whole seconds and "
                    + "a warm-up: %d series, %d ms, %d steps", series, stepMs, warmupSteps));
        }
        if (anomalies < 1 || anomalies > BenchSeries.services(series)) {
            throw new IllegalArgumentException(String.format("%d anomalies need as many services, and %d series "
                    + "span %d", anomalies, series, BenchSeries.services(series)));
        }
    }

    /**
     * The plan for {@code series} series from the throughput phase's {@code vigilPerCpuS} on
     * {@code cores} cores; {@code warmupSteps} from the detector that must be warm.
     */
    static LivePlan of(int series, double vigilPerCpuS, int cores, int warmupSteps, int anomalies) {
        if (!(vigilPerCpuS > 0) || Double.isInfinite(vigilPerCpuS) || cores < 1) {
            throw new IllegalArgumentException("a live plan needs a measured rate and cores: " + vigilPerCpuS
                    + " per CPU-second, " + cores + " cores");
        }
        double halfRate = vigilPerCpuS * cores / 2;
        long stepS = Math.max(1, (long) Math.ceil(series / halfRate));
        return new LivePlan(series, stepS * 1000, warmupSteps, anomalies);
    }

    /**
     * Steps before the first spike with {@code cfg}'s detectors: the cold-start cover (the robust
     * detector, the only one a series minutes old has) scores from its {@code detect.robust.warmup}th
     * point, plus {@link #WARMUP_MARGIN}.
     */
    static int warmupSteps(VigilConfig cfg) {
        return cfg.detect().detector(RobustModule.NAME, RobustConfig.class).warmup() + WARMUP_MARGIN;
    }

    /** Samples per second fed. */
    double samplesPerSecond() {
        return series * 1000.0 / stepMs;
    }

    /** The series the {@code a}-th spike goes to: the first of a service, the services spread evenly. */
    int anomalousSeries(int a) {
        int services = BenchSeries.services(series);
        return (int) ((long) a * services / anomalies) * BenchSeries.SERIES_PER_SERVICE;
    }

    /** The feed step (0 = the first) at which the {@code a}-th spike starts. */
    long spikeStart(int a) {
        return warmupSteps + (long) a * SPACING_STEPS;
    }

    /** The spike series {@code i} is in at feed step {@code k}: its index, or -1 outside spikes. */
    int anomalyAt(int i, long k) {
        for (int a = 0; a < anomalies; a++) {
            if (anomalousSeries(a) == i && k >= spikeStart(a) && k < spikeStart(a) + SPIKE_STEPS) {
                return a;
            }
        }
        return -1;
    }

    /** The feed step after the last spike's last one. */
    long lastSpikeEnd() {
        return spikeStart(anomalies - 1) + SPIKE_STEPS;
    }
}
