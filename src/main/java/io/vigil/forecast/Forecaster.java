package io.vigil.forecast;

import io.vigil.detect.seasonal.CalendarEvent;
import io.vigil.detect.seasonal.SeasonalConfig;
import io.vigil.detect.calibrate.NormalQuantile;
import io.vigil.detect.seasonal.SeasonalFitter;
import io.vigil.detect.seasonal.SeasonalModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the seasonal model to a whole history (raw points, not the stream's hourly buckets) and
 * projects it forward. The band is the fit's empirical residual quantiles, widened ahead by the
 * trend's uncertainty as Prophet does: future slope changes as frequent and as large as past ones.
 */
public final class Forecaster {
    /** Enough points to fit an intercept, a slope and a changepoint or two. */
    static final int MIN_POINTS = 10;
    /** Forecasts are for planning, not for filling disks: a cap on points written. */
    static final int MAX_POINTS = 1_000_000;

    private final SeasonalConfig config;

    public Forecaster(SeasonalConfig config) {
        this.config = config;
    }

    public Forecast forecast(SeriesHistory h, Duration step, Duration horizon, List<long[]> excludeIntervals) {
        if (h.size() < MIN_POINTS) {
            throw new IllegalArgumentException("series " + h.series() + " has " + h.size() + " points; a forecast needs "
                    + MIN_POINTS + " or more");
        }
        if (step.isNegative() || step.isZero() || horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("step and horizon must be positive (step " + step + ", horizon "
                    + horizon + ")");
        }
        long count = horizon.toMillis() / step.toMillis();
        if (count > MAX_POINTS) {
            throw new IllegalArgumentException("horizon " + horizon + " at step " + step + " is " + count
                    + " points; the limit is " + MAX_POINTS + " (use a larger --step)");
        }
        boolean[] exclude = h.inside(excludeIntervals);
        int excluded = 0;
        for (boolean b : exclude) {
            excluded += b ? 1 : 0;
        }
        double[] y = h.values();
        SeasonalModel model = new SeasonalFitter(config).fit(h.timestampsMs(), y, null, 0, exclude);
        double z = NormalQuantile.of(1 - (1 - config.intervalWidth()) / 2);
        List<CalendarEvent> calendar = config.events();
        double[] scratch = new double[model.columns()];

        List<Forecast.Point> fitted = new ArrayList<>(h.size());
        for (long t : h.timestampsMs()) {
            fitted.add(point(model, t, calendar, 0, z, scratch));
        }
        long last = h.timestampsMs()[h.size() - 1];
        long end = model.originMs() + model.spanMs();
        // Forecast times sit on the step's grid (5-minute steps at :00, :05, ...), after the last row.
        long grid = Math.floorDiv(last, step.toMillis()) * step.toMillis();
        List<Forecast.Point> ahead = new ArrayList<>((int) count);
        for (long k = 1; k <= count; k++) {
            long t = grid + k * step.toMillis();
            ahead.add(point(model, t, calendar, model.trendSigma(t - end), z, scratch));
        }
        return new Forecast(h, model, step, horizon, config.intervalWidth(), fitted, ahead, excluded);
    }

    private static Forecast.Point point(SeasonalModel m, long t, List<CalendarEvent> calendar, double extraSigma,
            double z, double[] scratch) {
        double[] e = m.interval(t, calendar, extraSigma, z, scratch);
        return new Forecast.Point(t, e[0], e[1], e[2]);
    }
}
