package io.vigil.forecast;

import io.vigil.model.Timestamps;
import io.vigil.report.HtmlReport;
import io.vigil.report.ReportSeries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Draws a forecast into the evaluation report's page: history, fit, and the band ahead (shaded). */
public final class ForecastReport {
    private ForecastReport() {}

    public static void write(Path file, Forecast f) {
        SeriesHistory h = f.history();
        int n = h.size();
        int m = f.ahead().size();
        long[] t = new long[n + m];
        double[] value = new double[n + m];
        double[] expected = new double[n + m];
        double[] lower = new double[n + m];
        double[] upper = new double[n + m];
        Arrays.fill(value, Double.NaN);
        for (int i = 0; i < n + m; i++) {
            Forecast.Point p = i < n ? f.fitted().get(i) : f.ahead().get(i - n);
            t[i] = p.timestampMs();
            expected[i] = p.expected();
            lower[i] = p.lower();
            upper[i] = p.upper();
            if (i < n) {
                value[i] = h.values()[i];
            }
        }
        double[] scores = new double[n + m];
        Arrays.fill(scores, Double.NaN);
        long[][] shaded = m == 0 ? new long[0][] : new long[][] {{t[n], t[n + m - 1]}};
        ReportSeries chart = new ReportSeries(h.series(), String.format(Locale.ROOT,
                "%,d points of history, %s ahead (shaded) at %s steps; band: %.0f%% interval", n, f.horizon(),
                f.step(), 100 * f.intervalWidth()), t, value, expected, lower, upper, scores, new boolean[n + m],
                shaded);
        List<String> summary = summary(f);
        List<List<String>> rows = new ArrayList<>();
        for (int k : checkpoints(m)) {
            Forecast.Point p = f.ahead().get(k);
            rows.add(List.of(Timestamps.format(p.timestampMs()), f.step().multipliedBy(k + 1L).toString(),
                    fmt(p.expected()), fmt(p.lower()), fmt(p.upper())));
        }
        HtmlReport.write(file, "Vigil forecast: " + h.series(), summary,
                new HtmlReport.Table(List.of("time", "ahead", "expected", "lower", "upper"), rows), 0,
                List.of(chart));
    }

    static List<String> summary(Forecast f) {
        var m = f.model();
        long last = f.history().timestampsMs()[f.history().size() - 1];
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "history %s to %s, %,d points%s", Timestamps.format(f.history().timestampsMs()[0]),
                Timestamps.format(last), f.history().size(),
                f.excluded() > 0 ? String.format(Locale.ROOT, " (%,d in labelled incidents left out)", f.excluded()) : ""));
        out.add(String.format(Locale.ROOT, "trend %+.4g per day at the end; daily order %d, weekly order %d%s",
                m.slopePerDay(last), m.dailyOrder(), m.weeklyOrder(), m.logScale() ? ", multiplicative" : ""));
        long changes = Arrays.stream(m.slopeChangesPerDay()).filter(d -> d != 0).count();
        out.add(changes + " of " + m.changepoints().length + " candidate changepoints bend the trend");
        return out;
    }

    /** Rows of the table: the first step, then about every sixth of the horizon, and the last. */
    static int[] checkpoints(int m) {
        if (m == 0) {
            return new int[0];
        }
        return java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0),
                java.util.stream.IntStream.rangeClosed(1, 6).map(k -> (int) ((long) k * m / 6) - 1))
                .filter(k -> k >= 0).distinct().sorted().toArray();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
