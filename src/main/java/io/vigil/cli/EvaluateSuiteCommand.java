package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.eval.ReplayDriver;
import io.vigil.eval.ReplayResults;
import io.vigil.eval.suite.DetectionSuite;
import io.vigil.eval.suite.SuiteScore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
            var written = DetectionSuite.write(dir, step, days, series, perSeries, seed);
            say.printf("suite at a %s step: %d series, %d days, %,d rows, %d anomalies (%s)%n", step, series, days,
                    written.rows(), written.anomalies().size(), dir);
            say.flush();
            ReplayDriver.run(dir.resolve(DetectionSuite.METRICS), dir.resolve("out"), cfg, DetectorModules.standard());
            ReplayDriver.run(dir.resolve(DetectionSuite.CLEAN), dir.resolve("out-clean"), cfg, DetectorModules.standard());
            SuiteScore s = SuiteScore.of(written.anomalies(), ReplayResults.read(dir.resolve("out")),
                    ReplayResults.read(dir.resolve("out-clean")), grace.toMillis(), days,
                    SuiteScore.idealZ(cfg.detect().calibration().falseAlarmsPerDay(), step.toMillis()));
            s.lines().forEach(l -> say.println("  " + l));
            say.printf("  (%.0f s)%n", (System.nanoTime() - started) / 1e9);
            say.flush();
        }
        return 0;
    }
}
