package io.vigil.features;

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
        long expiryTimer) {
    public static final long NONE = Long.MIN_VALUE;

    public static SeriesCursor start(String metric, Map<String, String> labels, boolean counter) {
        return new SeriesCursor(metric, labels, counter, NONE, Double.NaN, NONE, Double.NaN, NONE, NONE, NONE);
    }

    public SeriesCursor seen(long ts) {
        return ts <= lastSampleTs ? this
                : new SeriesCursor(metric, labels, counter, lastStep, lastValue, counterTs, counterValue, ts, staleAt,
                        expiryTimer);
    }

    public SeriesCursor markedStale(long ts) {
        return ts < lastSampleTs ? this
                : new SeriesCursor(metric, labels, counter, lastStep, lastValue, counterTs, counterValue,
                        lastSampleTs, ts, expiryTimer);
    }

    /** After a step is emitted, a staleness marker before it has done its job (no fill across it). */
    public SeriesCursor emitted(long step, double value) {
        return new SeriesCursor(metric, labels, counter, step, value, counterTs, counterValue, lastSampleTs,
                staleAt >= step ? staleAt : NONE, expiryTimer);
    }

    /** True when a staleness marker is the newest thing seen of the series: it has ended. */
    public boolean ended() {
        return staleAt != NONE && staleAt >= lastSampleTs;
    }

    public SeriesCursor counterRead(long ts, double value) {
        return new SeriesCursor(metric, labels, counter, lastStep, lastValue, ts, value, lastSampleTs, staleAt,
                expiryTimer);
    }

    public SeriesCursor withExpiryTimer(long t) {
        return new SeriesCursor(metric, labels, counter, lastStep, lastValue, counterTs, counterValue, lastSampleTs,
                staleAt, t);
    }
}
