package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.iforest.IsolationModule;
import io.vigil.eval.ReplayDriver;
import io.vigil.ingest.CsvPrescan;
import io.vigil.model.Timestamps;
import io.vigil.replay.ReplayJob;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil replay}: the streaming job over a CSV file in event time, as a bounded job. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run the same job over a CSV file (timestamp,metric,value[,label...]) in event time and write "
                + "anomalies.jsonl, incidents.jsonl, alerts.jsonl, deadletter.jsonl and scores.csv into --out.",
                "Rows need not be sorted: the watermark is held back by the file's largest step backwards in time."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "CSV file to replay.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the output files.")
    Path out;

    @Option(names = "--changes", paramLabel = "FILE.jsonl",
            description = "Change events, one JSON per line ({\"timestamp\",\"service\",\"kind\",\"description\"}): "
                    + "attached to incidents that start within correlate.change-look-back after them.")
    Path changes;

    @Option(names = "--in-memory",
            description = "Run the job's own classes in this process, without Flink: the same output files, "
                    + "several times faster, for evaluations (no --changes, no entity forests).")
    boolean inMemory;

    @Mixin
    ConfigOptionsMixin config;

    @Mixin
    ServicesOptionMixin services;

    @Mixin
    ModelsOptionMixin models;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var say = spec.commandLine().getOut();
        VigilConfig cfg = models.apply(config.load(services));
        long started = System.nanoTime();
        CsvPrescan scan = CsvPrescan.of(input, cfg.ingest(), rows -> say.printf("  scanned %,d rows%n", rows));
        if (scan.rows() == 0) {
            throw new IllegalArgumentException(input + " has a header but no rows");
        }
        Duration disorder = Duration.ofMillis(scan.maxDisorderMs());
        if (disorder.compareTo(cfg.ingest().maxOutOfOrderness()) > 0) {
            cfg = cfg.withIngest(cfg.ingest().withMaxOutOfOrderness(disorder));
        }
        cfg = cfg.withIngest(cfg.ingest().withCsvColumns(scan.columns()));
        say.printf("replay %s: %,d rows from %s to %s, labels %s; rows step back in time by up to %s%n", input,
                scan.rows(), Timestamps.format(scan.firstMs()), Timestamps.format(scan.lastMs()),
                scan.columns().subList(3, scan.columns().size()), disorder);
        Map<String, Long> counts;
        if (inMemory) {
            if (changes != null) {
                throw new IllegalArgumentException("--in-memory does not read change events; drop --changes or --in-memory");
            }
            if (IsolationModule.settings(cfg.detect()).hasModels()) {
                throw new IllegalArgumentException("--in-memory does not run entity forests (detect.iforest.models); "
                        + "drop --in-memory");
            }
            ReplayDriver.Counts c = ReplayDriver.run(input, out, cfg, DetectorModules.standard());
            counts = new java.util.LinkedHashMap<>(c.lines());
            counts.put(ReplayJob.DEAD_LETTERS, c.late() + c.rejected());
        } else {
            counts = ReplayJob.run(input, changes, out, cfg);
        }
        double secs = (System.nanoTime() - started) / 1e9;
        say.printf("done in %.1f s (%,.0f rows/s): %,d scored points, %,d anomalies, %,d incident events, "
                        + "%,d alerts, %,d dead letters -> %s%n", secs, scan.rows() / secs,
                counts.get(ReplayJob.SCORES), counts.get(ReplayJob.ANOMALIES), counts.get(ReplayJob.INCIDENTS),
                counts.get(ReplayJob.ALERTS), counts.get(ReplayJob.DEAD_LETTERS), out);
        return 0;
    }
}
