package io.vigil.model;

import java.util.Map;

/**
 * The features of one grid point, computed from the series' own recent history (the seed's
 * feature set). Rolling statistics exclude the current point, so a spike does not hide itself.
 *
 * @param rollingMean mean over each configured window, in window order
 * @param rollingStd population standard deviation over each window (NaN until the window has 2 points)
 * @param lags the value k steps back for each configured lag (NaN until that far back exists)
 * @param ewma exponentially weighted moving average before this point
 * @param hourSin hour of day, cyclical
 * @param dowSin day of week, cyclical
 * @param weekend 1 on Saturday and Sunday (UTC), else 0
 * @param history how many points the series had before this one
 * @param intervalMs the series' own sampling interval (see {@link GridPoint#intervalMs}), or 0 if unknown
 */
public record FeatureVector(
        String series,
        String metric,
        Map<String, String> labels,
        long timestampMs,
        double value,
        boolean filled,
        boolean end,
        double[] rollingMean,
        double[] rollingStd,
        double[] lags,
        double ewma,
        double hourSin,
        double hourCos,
        double dowSin,
        double dowCos,
        double weekend,
        long history,
        long intervalMs) {

    /** Features of a point of unknown sampling interval (the grid step is assumed). */
    public FeatureVector(String series, String metric, Map<String, String> labels, long timestampMs, double value,
            boolean filled, boolean end, double[] rollingMean, double[] rollingStd, double[] lags, double ewma,
            double hourSin, double hourCos, double dowSin, double dowCos, double weekend, long history) {
        this(series, metric, labels, timestampMs, value, filled, end, rollingMean, rollingStd, lags, ewma, hourSin,
                hourCos, dowSin, dowCos, weekend, history, 0);
    }
}
