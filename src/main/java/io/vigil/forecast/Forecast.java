package io.vigil.forecast;

import io.vigil.detect.seasonal.SeasonalModel;

import java.time.Duration;
import java.util.List;

/**
 * A series' forecast: the fitted model, the in-sample fit over the history and the points ahead.
 *
 * @param fitted expected value and band at each history row (the same index as the history)
 * @param ahead the forecast, one point per step after the history's last row
 * @param excluded history rows left out of the fit (labelled incidents)
 */
public record Forecast(SeriesHistory history, SeasonalModel model, Duration step, Duration horizon,
        double intervalWidth, List<Point> fitted, List<Point> ahead, int excluded) {

    /** Expected value and band at one time; the band widens with the horizon (trend uncertainty). */
    public record Point(long timestampMs, double expected, double lower, double upper) {}
}
