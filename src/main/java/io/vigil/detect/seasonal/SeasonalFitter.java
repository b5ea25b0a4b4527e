package io.vigil.detect.seasonal;

import io.vigil.detect.calibrate.NormalQuantile;
import io.vigil.features.TimeFeatures;

import io.vigil.detect.seasonal.CalendarEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fits a {@link SeasonalModel} as Prophet's MAP estimate: Gaussian noise, Laplace prior on the
 * changepoint slope changes (sparsity: most are zero), Gaussian priors on seasonality and event
 * effects. Robust to outliers in the training data: rows beyond {@value #OUTLIER_SIGMAS} robust
 * sigmas of a first fit are left out (the seed's 5-sigma cleaning), as are rows the caller
 * excludes (labelled incidents). One pass builds the normal equations; cleaning then removes rows
 * from them, so a fit costs one pass over the data plus a few small solves.
 */
public final class SeasonalFitter {
    /** Changepoints are placed in the first 80% of the history, as Prophet does: the trend at the
     *  very end must not bend on too little evidence. */
    public static final double CHANGEPOINT_RANGE = 0.8;
    static final double OUTLIER_SIGMAS = 5.0;
    /** Below this many points the band is Gaussian (±z·σ) instead of empirical quantiles. */
    static final int MIN_POINTS_FOR_QUANTILES = 200;
    /** Each changepoint needs this many rows before it to be identifiable. */
    static final int ROWS_PER_CHANGEPOINT = 4;
    /** Seasonality with period P needs about two periods of history (first to last row; a stream
     *  that has seen two days has rows spanning a little less). */
    static final double PERIODS_NEEDED = 1.9;
    /** A penalty that pins a coefficient to zero in the first, changepoint-free fit. */
    static final double PIN = 1e9;
    static final double MAD_TO_SIGMA = 1.4826;

    private final SeasonalConfig config;
    private final List<CalendarEvent> calendar;

    public SeasonalFitter(SeasonalConfig config) {
        this.config = config;
        this.calendar = config.events();
    }

    /**
     * @param t times (epoch ms), ascending
     * @param y values (NaN rows are skipped)
     * @param w row weights: the number of points a bucket mean stands for, or null for all 1
     * @param widthMs the bucket width the rows average over (0 for raw points)
     * @param exclude rows to leave out of the fit (labelled incidents), or null
     */
    public SeasonalModel fit(long[] t, double[] y, double[] weights, long widthMs, boolean[] exclude) {
        int n = t.length;
        // Rows are weighted relative to the average row: the priors then act per row, as Prophet's do
        // per point, and σ below is the scatter of a row (a bucket mean's, which includes misfit),
        // not a point's inflated by √count whenever the model misses.
        double[] w = normalised(weights, y, exclude);
        List<Integer> rows = new ArrayList<>(n);
        double yMax = 0;
        boolean positive = true;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(y[i]) && (w == null || w[i] > 0) && (exclude == null || !exclude[i])) {
                rows.add(i);
                yMax = Math.max(yMax, Math.abs(y[i]));
                positive &= y[i] > 0;
            }
        }
        if (rows.size() < 2) {
            throw new IllegalArgumentException("seasonal fit needs at least two usable points, got " + rows.size());
        }
        long origin = t[rows.get(0)];
        long span = Math.max(t[rows.get(rows.size() - 1)] - origin, 1);
        boolean log = config.multiplicative() && positive;
        double yScale = yMax == 0 ? 1 : yMax;
        int weekly = order(config.weeklyOrder(), SeasonalModel.WEEK_MS, span, widthMs);
        List<String> events = eventNames(origin, origin + span);
        if (config.weekendEffect() && seesBoth(t, rows, widthMs)) {
            events = new ArrayList<>(events);
            events.add(SeasonalModel.WEEKEND);
        }
        SeasonalModel shape = new SeasonalModel(origin, span, yScale, log,
                changepoints(Math.min(config.changepoints(), rows.size() / ROWS_PER_CHANGEPOINT)),
                order(config.dailyOrder(), SeasonalModel.DAY_MS, span, widthMs), weekly,
                List.copyOf(events), new double[0], 0, 0, 0);
        int p = shape.columns();
        int cp0 = 2;
        int cp1 = 2 + shape.changepoints().length;

        // The design matrix is built once: cleaning and the band re-read residuals several times.
        int m = rows.size();
        double[] design = new double[m * p];
        double[] ys = new double[m];
        double[] rw = new double[m];
        double[] x = new double[p];
        PenalizedLeastSquares pls = new PenalizedLeastSquares(p);
        for (int k = 0; k < m; k++) {
            int i = rows.get(k);
            ys[k] = shape.scale(y[i]);
            rw[k] = w == null ? 1 : w[i];
            shape.row(t[i], widthMs, calendar, x);
            System.arraycopy(x, 0, design, k * p, p);
            pls.add(x, ys[k], rw[k]);
        }
        Rows data = new Rows(design, ys, rw, p, new boolean[m], new double[m], new double[m]);
        double total = pls.weight();

        // 1. Without changepoints: a first look at the noise, for cleaning and for the priors.
        double[] ridge = new double[p];
        double[] l1 = new double[p];
        for (int j = cp0; j < cp1; j++) {
            ridge[j] = PIN;
        }
        double[] beta = pls.solve(ridge, l1);
        data.computeResiduals(beta);
        double sigma = data.robustSigma();
        data.removeOutliers(pls, sigma);

        // 2. The MAP fit; then clean again against it and refit if that changed anything.
        for (int round = 0; round < 2; round++) {
            double s2 = Math.max(sigma * sigma, 1e-12);
            for (int j = 0; j < p; j++) {
                ridge[j] = 0;
                l1[j] = 0;
            }
            for (int j = cp0; j < cp1; j++) {
                l1[j] = 2 * s2 / config.changepointPrior();
            }
            for (int j = cp1; j < p; j++) {
                ridge[j] = s2 / (config.seasonalityPrior() * config.seasonalityPrior());
            }
            beta = pls.solve(ridge, l1);
            data.computeResiduals(beta);
            sigma = data.robustSigma();
            if (data.removeOutliers(pls, sigma) == 0) {
                break;
            }
        }
        if (total - pls.weight() > 0.5 * total) {
            throw new IllegalStateException("seasonal fit left out over half the data as outliers");
        }
        // A point scatters about √(mean count) times more than a bucket mean when the scatter is noise;
        // when it is misfit this overstates, which errs towards a wider first band.
        double pointSigma = sigma * Math.sqrt(meanWeight(weights, y, exclude));
        double[] band = band(data, widthMs == 0 && w == null, pointSigma);
        return new SeasonalModel(origin, span, yScale, log, shape.changepoints(), shape.dailyOrder(),
                shape.weeklyOrder(), shape.eventNames(), beta, band[0], band[1], pointSigma);
    }

    private static double meanWeight(double[] w, double[] y, boolean[] exclude) {
        if (w == null) {
            return 1;
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i < w.length; i++) {
            if (!Double.isNaN(y[i]) && w[i] > 0 && (exclude == null || !exclude[i])) {
                sum += w[i];
                n++;
            }
        }
        return n == 0 ? 1 : sum / n;
    }

    private static double[] normalised(double[] w, double[] y, boolean[] exclude) {
        if (w == null) {
            return null;
        }
        double mean = meanWeight(w, y, exclude);
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / mean;
        }
        return out;
    }

    private static double[] changepoints(int count) {
        double[] c = new double[Math.max(0, count)];
        for (int j = 0; j < c.length; j++) {
            c[j] = CHANGEPOINT_RANGE * (j + 1) / (c.length + 1);
        }
        return c;
    }

    /** The configured order, or less: none without two periods of history, none above Nyquist. */
    static int order(int configured, long periodMs, long spanMs, long widthMs) {
        if (spanMs < PERIODS_NEEDED * periodMs) {
            return 0;
        }
        if (widthMs > 0) {
            int nyquist = (int) (periodMs / (2 * widthMs)) - 1;
            return Math.max(0, Math.min(configured, nyquist));
        }
        return configured;
    }

    /** Whether the rows hold half a day of weekend and half a day of weekdays at least (enough to see a step). */
    private static boolean seesBoth(long[] t, List<Integer> rows, long widthMs) {
        long each = Math.max(widthMs, t.length > 1 ? (t[rows.get(rows.size() - 1)] - t[rows.get(0)]) / rows.size() : 0);
        long weekend = 0;
        long weekday = 0;
        for (int i : rows) {
            if (TimeFeatures.weekend(t[i])) {
                weekend += each;
            } else {
                weekday += each;
            }
        }
        return weekend >= SeasonalModel.DAY_MS / 2 && weekday >= SeasonalModel.DAY_MS / 2;
    }

    private List<String> eventNames(long from, long to) {
        Set<String> names = new LinkedHashSet<>();
        for (CalendarEvent e : calendar) {
            if (e.endMs() > from && e.startMs() <= to) {
                names.add(e.name());
            }
        }
        return List.copyOf(names);
    }

    /**
     * The fit's rows in compact form: design matrix (row-major), scaled values, weights, which rows
     * are currently left out as outliers, the residuals against the latest coefficients, and scratch.
     */
    private record Rows(double[] design, double[] ys, double[] w, int p, boolean[] out, double[] residuals,
            double[] scratch) {

        void computeResiduals(double[] beta) {
            for (int k = 0; k < ys.length; k++) {
                double fit = 0;
                int base = k * p;
                for (int j = 0; j < p; j++) {
                    fit += beta[j] * design[base + j];
                }
                residuals[k] = ys[k] - fit;
            }
        }

        /** Robust σ of an average row: 1.4826·MAD of the weight-standardised residuals of kept rows. */
        double robustSigma() {
            int k = 0;
            for (int i = 0; i < ys.length; i++) {
                if (!out[i]) {
                    scratch[k++] = Math.abs(residuals[i]) * Math.sqrt(w[i]);
                }
            }
            double mad = k == 0 ? 0 : Selection.kth(scratch, k, k / 2);
            return Math.max(MAD_TO_SIGMA * mad, 1e-9);
        }

        /** Takes rows beyond the outlier cut out of the normal equations (and puts back any now inside). */
        int removeOutliers(PenalizedLeastSquares pls, double sigma) {
            int changed = 0;
            double[] x = new double[p];
            for (int i = 0; i < ys.length; i++) {
                boolean outlier = Math.abs(residuals[i]) * Math.sqrt(w[i]) > OUTLIER_SIGMAS * sigma;
                if (outlier != out[i]) {
                    System.arraycopy(design, i * p, x, 0, p);
                    pls.add(x, ys[i], outlier ? -w[i] : w[i]);
                    out[i] = outlier;
                    changed++;
                }
            }
            return changed;
        }

        /** Residuals of the kept rows, sorted, in {@code scratch}; returns how many. */
        int sortedResiduals() {
            int k = 0;
            for (int i = 0; i < ys.length; i++) {
                if (!out[i]) {
                    scratch[k++] = residuals[i];
                }
            }
            Arrays.sort(scratch, 0, k);
            return k;
        }
    }

    /**
     * The band as offsets from the forecast: empirical residual quantiles when fitting enough raw
     * points (honest whatever the noise's shape), else ±z·σ.
     */
    private double[] band(Rows data, boolean rawPoints, double sigma) {
        double tail = (1 - config.intervalWidth()) / 2;
        if (rawPoints && data.ys().length >= MIN_POINTS_FOR_QUANTILES) {
            int k = data.sortedResiduals();
            double[] r = data.scratch();
            return new double[] {Math.min(0, quantile(r, k, tail)), Math.max(0, quantile(r, k, 1 - tail))};
        }
        double z = NormalQuantile.of(1 - tail);
        return new double[] {-z * sigma, z * sigma};
    }

    /** Linear-interpolated quantile of the first k sorted values. */
    static double quantile(double[] sorted, int k, double q) {
        double pos = q * (k - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(k - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
