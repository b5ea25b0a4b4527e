package io.vigil.model;

import java.util.Map;

/**
 * One point of a series resampled onto the fixed step grid.
 *
 * @param timestampMs the start of the grid step
 * @param value the value for the step (a per-second rate for counters)
 * @param filled true when the value was filled into a gap rather than observed
 * @param end true for the marker that closes a series (staleness or expiry): no value, and
 *     downstream operators clear their state for the series
 * @param intervalMs the series' own sampling interval as the grid sees it (a whole number of grid
 *     steps), or 0 where it is not known (then the grid step)
 */
public record GridPoint(
        String series,
        String metric,
        Map<String, String> labels,
        long timestampMs,
        double value,
        boolean filled,
        boolean end,
        long intervalMs) {

    /** A point of a series sampled once per grid step (or of unknown interval). */
    public GridPoint(String series, String metric, Map<String, String> labels, long timestampMs, double value,
            boolean filled, boolean end) {
        this(series, metric, labels, timestampMs, value, filled, end, 0);
    }

    public static GridPoint endOf(String series, String metric, Map<String, String> labels, long ts) {
        return new GridPoint(series, metric, labels, ts, Double.NaN, false, true, 0);
    }
}
