package io.vigil.detect.seasonal;

import io.vigil.features.TimeFeatures;

import io.vigil.detect.seasonal.CalendarEvent;

import java.util.List;

/**
 * A fitted seasonal model: y(t) = trend(t) + daily(t) + weekly(t) + events(t), with a
 * piecewise-linear trend whose slope changes at fixed changepoints (most changes are zero: the
 * sparsity prior). In multiplicative mode the same sum models log y. Coefficients are in scaled
 * units (y / yScale). The layout of {@code beta}: intercept, slope, one slope change per
 * changepoint, sin/cos pairs of the daily then weekly harmonics, one effect per event name.
 *
 * @param originMs time 0 of the trend (τ = (t − origin) / span)
 * @param spanMs the fit window's length (τ = 1 at its end)
 * @param changepoints changepoint positions in τ
 * @param eventNames the calendar event names that have a coefficient, in column order
 * @param residualLow the lower band edge as an offset from the prediction (scaled units, ≤ 0)
 * @param residualHigh the upper band edge as an offset (scaled units, ≥ 0)
 * @param sigma the residual scale (scaled units)
 */
public record SeasonalModel(
        long originMs,
        long spanMs,
        double yScale,
        boolean logScale,
        double[] changepoints,
        int dailyOrder,
        int weeklyOrder,
        List<String> eventNames,
        double[] beta,
        double residualLow,
        double residualHigh,
        double sigma) {
    public static final long DAY_MS = 86_400_000L;
    public static final long WEEK_MS = 7 * DAY_MS;

    public int columns() {
        return 2 + changepoints.length + 2 * dailyOrder + 2 * weeklyOrder + eventNames.size();
    }

    /** The design row of time {@code tMs} ({@code widthMs} > 0 for a bucket mean of that width). */
    void row(long tMs, long widthMs, List<CalendarEvent> calendar, double[] out) {
        double tau = (tMs - originMs) / (double) spanMs;
        out[0] = 1;
        out[1] = tau;
        for (int j = 0; j < changepoints.length; j++) {
            out[2 + j] = Math.max(0, tau - changepoints[j]);
        }
        int col = 2 + changepoints.length;
        FourierTerms.fill(tMs, DAY_MS, dailyOrder, widthMs > 0 ? FourierTerms.attenuation(widthMs, DAY_MS,
                dailyOrder) : FourierTerms.ones(dailyOrder), out, col);
        col += 2 * dailyOrder;
        FourierTerms.fill(tMs, WEEK_MS, weeklyOrder, widthMs > 0 ? FourierTerms.attenuation(widthMs, WEEK_MS,
                weeklyOrder) : FourierTerms.ones(weeklyOrder), out, col);
        col += 2 * weeklyOrder;
        for (int e = 0; e < eventNames.size(); e++) {
            out[col + e] = active(eventNames.get(e), tMs, calendar) ? 1 : 0;
        }
    }

    /**
     * The built-in effect of Saturday and Sunday (UTC): one weekend shows the step, two weeks are
     * needed for the weekly harmonics. It stays beside them: three harmonics cannot turn a corner at
     * midnight, and their rounded step is hours of lasting misfit at every weekend's edges, which the
     * change detector rightly reads as a change; the step carries the edge, the harmonics the rest.
     */
    public static final String WEEKEND = "vigil:weekend";

    static boolean active(String name, long tMs, List<CalendarEvent> calendar) {
        if (name.equals(WEEKEND)) {
            return TimeFeatures.weekend(tMs);
        }
        for (CalendarEvent ev : calendar) {
            if (ev.name().equals(name) && ev.covers(tMs)) {
                return true;
            }
        }
        return false;
    }

    /** Prediction in scaled (and, in log mode, log) units. */
    double predictScaled(long tMs, List<CalendarEvent> calendar, double[] scratch) {
        row(tMs, 0, calendar, scratch);
        double s = 0;
        for (int i = 0; i < beta.length; i++) {
            s += beta[i] * scratch[i];
        }
        return s;
    }

    /** The expected value at {@code tMs} in the series' own units. */
    public double predict(long tMs, List<CalendarEvent> calendar, double[] scratch) {
        return unscale(predictScaled(tMs, calendar, scratch));
    }

    /** {expected, lower, upper} at {@code tMs}, with the band widened by {@code extraSigma} (scaled units). */
    public double[] interval(long tMs, List<CalendarEvent> calendar, double extraSigma, double z, double[] scratch) {
        double m = predictScaled(tMs, calendar, scratch);
        double lo = residualLow;
        double hi = residualHigh;
        if (extraSigma > 0) {
            double add = z * extraSigma;
            lo = -Math.sqrt(lo * lo + add * add);
            hi = Math.sqrt(hi * hi + add * add);
        }
        return new double[] {unscale(m), unscale(m + lo), unscale(m + hi)};
    }

    double unscale(double v) {
        return logScale ? Math.exp(v) * yScale : v * yScale;
    }

    double scale(double y) {
        return logScale ? Math.log(Math.max(y, Double.MIN_NORMAL) / yScale) : y / yScale;
    }

    /** The trend slope in units per day, at {@code tMs}. */
    public double slopePerDay(long tMs) {
        double tau = (tMs - originMs) / (double) spanMs;
        double k = beta[1];
        for (int j = 0; j < changepoints.length; j++) {
            if (tau > changepoints[j]) {
                k += beta[2 + j];
            }
        }
        return k * yScale * DAY_MS / spanMs;
    }

    /** Amplitude and phase (radians) of daily harmonic {@code k} (1-based), in the series' units. */
    public double[] dailyHarmonic(int k) {
        return harmonic(2 + changepoints.length + 2 * (k - 1));
    }

    /** Amplitude and phase of weekly harmonic {@code k} (1-based). */
    public double[] weeklyHarmonic(int k) {
        return harmonic(2 + changepoints.length + 2 * dailyOrder + 2 * (k - 1));
    }

    private double[] harmonic(int col) {
        double a = beta[col];
        double b = beta[col + 1];
        // a·sin θ + b·cos θ = A·sin(θ + φ)
        return new double[] {Math.hypot(a, b) * yScale, Math.atan2(b, a)};
    }

    /** The slope changes, by changepoint, in units per day (0 where the prior kept none). */
    public double[] slopeChangesPerDay() {
        double[] out = new double[changepoints.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = beta[2 + j] * yScale * DAY_MS / spanMs;
        }
        return out;
    }

    /** Changepoint {@code j}'s time in epoch ms. */
    public long changepointMs(int j) {
        return originMs + Math.round(changepoints[j] * spanMs);
    }

    /**
     * Trend uncertainty {@code horizonMs} past the fit's end, as Prophet models it: future slope
     * changes arrive at the rate seen in history with the mean size seen in history, each bending
     * the trend from its arrival on; the variance of their sum grows with h³.
     */
    public double trendSigma(long horizonMs) {
        if (horizonMs <= 0) {
            return 0;
        }
        double sumAbs = 0;
        int n = 0;
        for (int j = 0; j < changepoints.length; j++) {
            sumAbs += Math.abs(beta[2 + j]);
            n++;
        }
        if (n == 0 || sumAbs == 0) {
            return 0;
        }
        double rate = n / SeasonalFitter.CHANGEPOINT_RANGE; // changepoints per unit τ
        double meanAbs = sumAbs / n;
        double h = horizonMs / (double) spanMs;
        // Laplace slope changes: E[δ²] = 2·(mean |δ|)²; ∫0^h (h − s)² ds = h³/3.
        return Math.sqrt(rate * 2 * meanAbs * meanAbs * h * h * h / 3);
    }
}
