package io.vigil.features;

import io.vigil.config.FeatureConfig;

import java.util.Map;

/**
 * Where a series stands on the grid: what was emitted last (for gap filling), the last counter
 * reading (for rates) and when it was last seen (for expiry). State value of {@link ResampleSeries}.
 *
 * @param lastStep start of the last emitted step, or {@link #NONE}
 * @param lastValue the value emitted for {@code lastStep}
 * @param counterTs timestamp of the last counter reading, or {@link #NONE}
 * @param counterValue the last raw counter reading
 * @param lastSampleTs newest sample timestamp seen
 * @param staleAt time of a staleness marker after the last sample, or {@link #NONE}
 * @param expiryTimer the one registered expiry timer, or {@link #NONE}
 * @param recentGaps the last steps between emitted points, in grid steps (0: none yet), the newest
 *     at {@code gapHead - 1}: the series' own sampling interval is their median
 * @param gapHead where the next gap goes in {@code recentGaps}
 */
public record SeriesCursor(
        String metric,
        Map<String, String> labels,
        boolean counter,
        long lastStep,
        double lastValue,
        long counterTs,
        double counterValue,
        long lastSampleTs,
        long staleAt,
        long expiryTimer,
        int[] recentGaps,
        int gapHead) {
    public static final long NONE = Long.MIN_VALUE;
    /** Gaps remembered for the interval: enough for a median that ignores the odd missed or doubled sample. */
    static final int GAPS = 8;

    public static SeriesCursor start(String metric, Map<String, String> labels, boolean counter) {
        return new SeriesCursor(metric, labels, counter, NONE, Double.NaN, NONE, Double.NaN, NONE, NONE, NONE,
                new int[GAPS], 0);
    }

    /**
     * The series' own sampling interval in grid steps: the lower median of the recent gaps between
     * emitted points (1 until a gap is known). Robust to jitter (a 5-minute series read on a 1-minute
     * grid shows gaps of 4, 5 and 6), to missed samples and to restarts.
     */
    public int intervalSteps() {
        int n = 0;
        int[] g = new int[GAPS];
        for (int v : recentGaps) {
            if (v > 0) {
                g[n++] = v;
            }
        }
        if (n == 0) {
            return 1;
        }
        java.util.Arrays.sort(g, 0, n);
        return g[(n - 1) / 2];
    }

    /** The same cursor having seen a gap of {@code steps} between two emitted points. */
    public SeriesCursor withGap(int steps) {
        int[] g = recentGaps.clone();
        g[gapHead] = steps;
        return new SeriesCursor(metric, labels, counter, lastStep, lastValue, counterTs, counterValue, lastSampleTs,
                staleAt, expiryTimer, g, (gapHead + 1) % GAPS);
    }

    public SeriesCursor seen(long ts) {
        return ts <= lastSampleTs ? this
                : new SeriesCursor(metric, labels, counter, lastStep, lastValue, counterTs, counterValue, ts, staleAt,
                        expiryTimer, recentGaps, gapHead);
    }

    public SeriesCursor markedStale(long ts) {
        return ts < lastSampleTs ? this
                : new SeriesCursor(metric, labels, counter, lastStep, lastValue, counterTs, counterValue,
                        lastSampleTs, ts, expiryTimer, recentGaps, gapHead);
    }

    /** After a step is emitted, a staleness marker before it has done its job (no fill across it). */
    public SeriesCursor emitted(long step, double value) {
        return new SeriesCursor(metric, labels, counter, step, value, counterTs, counterValue, lastSampleTs,
                staleAt >= step ? staleAt : NONE, expiryTimer, recentGaps, gapHead);
    }

    /** Whether the step starting at {@code step} was emitted already (a sample for it is late). */
    public boolean closed(long step) {
        return lastStep != NONE && step <= lastStep;
    }

    /** When the series counts as gone: ended by a marker and silent for max-gap, or silent for expiry. */
    public long closeAt(FeatureConfig config) {
        long expiry = (lastSampleTs == NONE ? staleAt : lastSampleTs) + config.seriesExpiry().toMillis();
        if (ended()) {
            expiry = Math.min(expiry, staleAt + config.maxGap().toMillis() + config.stepMs());
        }
        return expiry;
    }

    /** True when a staleness marker is the newest thing seen of the series: it has ended. */
    public boolean ended() {
        return staleAt != NONE && staleAt >= lastSampleTs;
    }

    public SeriesCursor counterRead(long ts, double value) {
        return new SeriesCursor(metric, labels, counter, lastStep, lastValue, ts, value, lastSampleTs, staleAt,
                expiryTimer, recentGaps, gapHead);
    }

    /**
     * The cursor without its metric and labels, as the resampler keeps it per sample (its
     * {@link SeriesIdentity} apart): the strings would be read and written with every sample.
     */
    public SeriesCursor bare() {
        return metric == null && labels == null ? this
                : new SeriesCursor(null, null, counter, lastStep, lastValue, counterTs, counterValue, lastSampleTs,
                        staleAt, expiryTimer, recentGaps, gapHead);
    }

    /** A bare cursor with its series' identity again, to emit grid points. */
    public SeriesCursor named(SeriesIdentity id) {
        return new SeriesCursor(id.metric(), id.labels(), counter, lastStep, lastValue, counterTs, counterValue,
                lastSampleTs, staleAt, expiryTimer, recentGaps, gapHead);
    }

    public SeriesIdentity identity() {
        return new SeriesIdentity(metric, labels);
    }

    public SeriesCursor withExpiryTimer(long t) {
        return new SeriesCursor(metric, labels, counter, lastStep, lastValue, counterTs, counterValue, lastSampleTs,
                staleAt, t, recentGaps, gapHead);
    }
}
