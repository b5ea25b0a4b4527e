package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.detect.seasonal.SeasonalConfig;
import io.vigil.detect.seasonal.SeasonalModule;
import io.vigil.eval.LabelFile;
import io.vigil.eval.StepInference;
import io.vigil.forecast.Forecast;
import io.vigil.forecast.ForecastOutput;
import io.vigil.forecast.ForecastReport;
import io.vigil.forecast.Forecaster;
import io.vigil.forecast.SeriesHistory;
import io.vigil.model.SeriesSelector;
import io.vigil.model.Timestamps;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil forecast}: one series' seasonal forecast with bands, for capacity planning. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {"Fit the seasonal model (trend with changepoints, daily and weekly seasonality, calendar "
                + "events; detect.seasonal.* settings) to one series of a CSV and forecast it ahead with bands.",
                "Output: CSV timestamp,expected,lower,upper, or JSON with the model's trend, changepoints and "
                        + "seasonality. The band's width is detect.seasonal.interval-width; it widens with the "
                        + "horizon by the trend's uncertainty."})
public final class ForecastCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "FILE.csv",
            description = "History as CSV timestamp,metric,value[,label...] (the replay format; any row order).")
    Path input;

    @Option(names = "--series", required = true, paramLabel = "SELECTOR",
            description = "The series: metric or metric{label=\"value\",...}; must match exactly one.")
    String series;

    @Option(names = "--horizon", defaultValue = "24h", paramLabel = "DURATION",
            description = "How far ahead (default ${DEFAULT-VALUE}; e.g. 7d, 12h, PT36H).")
    Duration horizon;

    @Option(names = "--step", paramLabel = "DURATION",
            description = "Spacing of forecast points (default: the series' own step).")
    Duration step;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
    Path out;

    @Option(names = "--format", paramLabel = "csv|json",
            description = "Output format (default: from --out's extension, else csv).")
    String format;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labelled incidents (CSV start,end[,...], as for evaluate labels) to leave out of the fit.")
    Path labels;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also draw history, fit and forecast (offline HTML).")
    Path report;

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        VigilConfig cfg = config.load();
        String fmt = format(format, out);
        SeriesSelector selector = SeriesSelector.parse(series);
        long started = System.nanoTime();
        SeriesHistory history = SeriesHistory.read(input, selector, err);
        Duration s = step != null ? step : StepInference.infer(history.timestampsMs(), Duration.ofMinutes(1));
        List<long[]> exclude = labels == null ? List.of()
                : LabelFile.read(labels).stream().map(l -> new long[] {l.startMs(), l.endMs()}).toList();
        long read = System.nanoTime();
        Forecast f = new Forecaster(cfg.detect().detector(SeasonalModule.NAME, SeasonalConfig.class)).forecast(history, s, horizon, exclude);
        long fitted = System.nanoTime();
        String text = fmt.equals("json") ? ForecastOutput.json(f) : ForecastOutput.csv(f);
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, text, StandardCharsets.UTF_8);
        }
        err.printf(Locale.ROOT, "%s: %,d points from %s to %s (read in %.1f s, fitted in %.0f ms); "
                        + "%,d forecast points (%s ahead, step %s)%s%n",
                history.series(), history.size(), Timestamps.format(history.timestampsMs()[0]),
                Timestamps.format(history.timestampsMs()[history.size() - 1]), (read - started) / 1e9,
                (fitted - read) / 1e6,
                f.ahead().size(), horizon, s, out == null ? "" : " -> " + out);
        if (report != null) {
            ForecastReport.write(report, f);
            err.println("report: " + report.toAbsolutePath());
        }
        return 0;
    }

    static String format(String format, Path out) {
        String f = format != null ? format.toLowerCase(Locale.ROOT)
                : out != null && out.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? "json" : "csv";
        if (!f.equals("csv") && !f.equals("json")) {
            throw new IllegalArgumentException("--format must be csv or json, not " + format);
        }
        return f;
    }
}
