package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.eval.ReplayDriver;
import io.vigil.eval.ReplayResults;
import io.vigil.eval.suite.DetectionSuite;
import io.vigil.eval.suite.InjectedAnomaly;
import io.vigil.eval.suite.SuiteScore;

import io.vigil.ingest.CsvHistory;
import io.vigil.model.WallClock;
import io.vigil.train.HistoryCollector;
import io.vigil.train.SeedTraining;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil evaluate suite}: the labelled synthetic detection suite, generated, replayed and scored. */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = {"Generate the detection suite (seasonal series with daily and weekly cycles, trends and "
                + "injected spikes, dips, level shifts, variance bursts and ramps of 4-6 sigma, plus a clean twin "
                + "without them) at each --steps sampling interval, replay both with the job's own classes (as "
                + "replay --in-memory) and print, per anomaly kind, how many were alarmed and how soon, and the "
                + "false alert runs per series per day on the clean twin.",
                "Beside each count, 'ideal' is how many had a point a detector that knew the series' shape and noise "
                + "exactly could alarm on within the false-alarm budget (detect.calibration.false-alarms-per-day): "
                + "a single 4-sigma spike whose noise pulled it to 3 sigma is invisible to any detector at that "
                + "budget.",
                "The configuration is the job's (defaults, --config, --set), so the figures are what a user gets."})
public final class EvaluateSuiteCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the data and results.")
    Path out;

    @Option(names = "--steps", split = ",", defaultValue = "5m,1m", converter = DurationConverter.class,
            description = "Sampling intervals of the generated data (default ${DEFAULT-VALUE}).")
    List<Duration> steps;

    @Option(names = "--days", defaultValue = "14", description = "Days of data (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--series", defaultValue = "20", description = "Series (default ${DEFAULT-VALUE}).")
    int series;

    @Option(names = "--per-series", defaultValue = "3", description = "Anomalies per series (default ${DEFAULT-VALUE}).")
    int perSeries;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--history", defaultValue = "0",
            description = "Days of clean history before the --days (default ${DEFAULT-VALUE}). With history, the "
                    + "suite is scored three ways on the same later days: started from a model store trained on "
                    + "the history (as 'train' then 'replay --models'), cold (the later days alone) and as the "
                    + "same days of a stream that ran through the history.")
    int history;

    @Option(names = "--grace", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long after an anomaly's end an alarm still counts for it (default ${DEFAULT-VALUE}).")
    Duration grace;

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var say = spec.commandLine().getOut();
        VigilConfig base = config.load();
        VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(List.of("timestamp", "metric", "value", "series")));
        for (Duration step : steps) {
            Path dir = out.resolve(step.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
            long started = System.nanoTime();
            var written = DetectionSuite.write(dir, step, days, series, perSeries, seed, history);
            say.printf("suite at a %s step: %d series, %d days%s, %,d rows, %d anomalies (%s)%n", step, series, days,
                    history == 0 ? "" : " after " + history + " days of history", written.rows(),
                    written.anomalies().size(), dir);
            say.flush();
            double idealZ = SuiteScore.idealZ(cfg.detect().calibration().falseAlarmsPerDay(), step.toMillis());
            if (history == 0) {
                score(say, null, written.anomalies(), dir, DetectionSuite.METRICS, DetectionSuite.CLEAN, "out", cfg,
                        Long.MIN_VALUE, idealZ);
            } else {
                String store = dir.resolve("store").toString();
                HistoryCollector h = new HistoryCollector();
                CsvHistory.read(dir.resolve(DetectionSuite.HISTORY), say, line -> true, h::add);
                var m = SeedTraining.run(cfg, DetectorModules.standard(), new SeedTraining.Input(h.histories(),
                        DetectionSuite.HISTORY, (x, t) -> false), store, 16, Runtime.getRuntime().availableProcessors(),
                        WallClock.system(), new PrintWriter(Writer.nullWriter()));
                say.printf("  trained %d series on %d days: version %s%n", m.series(), history, m.version());
                long live = DetectionSuite.liveStartMs(history);
                score(say, "started from the model store", written.anomalies(), dir, DetectionSuite.LIVE_METRICS,
                        DetectionSuite.LIVE_CLEAN, "out-warm", cfg.withDetect(cfg.detect().withModels(store)),
                        Long.MIN_VALUE, idealZ);
                score(say, "cold start", written.anomalies(), dir, DetectionSuite.LIVE_METRICS,
                        DetectionSuite.LIVE_CLEAN, "out-cold", cfg, Long.MIN_VALUE, idealZ);
                score(say, "day " + (history + 1) + "+ of a stream that ran through the history", written.anomalies(),
                        dir, DetectionSuite.METRICS, DetectionSuite.CLEAN, "out-through", cfg, live, idealZ);
            }
            say.printf("  (%.0f s)%n", (System.nanoTime() - started) / 1e9);
            say.flush();
        }
        return 0;
    }

    /** Replays one pair of files and prints the figures of the rows from {@code fromMs} on. */
    private void score(PrintWriter say, String title, List<InjectedAnomaly> anomalies,
            Path dir, String metrics, String clean, String outName, VigilConfig cfg, long fromMs, double idealZ)
            throws IOException {
        ReplayDriver.run(dir.resolve(metrics), dir.resolve(outName), cfg, DetectorModules.standard());
        ReplayDriver.run(dir.resolve(clean), dir.resolve(outName + "-clean"), cfg, DetectorModules.standard());
        SuiteScore s = SuiteScore.of(anomalies, ReplayResults.read(dir.resolve(outName)).since(fromMs),
                ReplayResults.read(dir.resolve(outName + "-clean")).since(fromMs), grace.toMillis(), days, idealZ);
        if (title != null) {
            say.println("  " + title + ":");
        }
        s.lines().forEach(l -> say.println((title == null ? "  " : "    ") + l));
        say.flush();
    }
}
