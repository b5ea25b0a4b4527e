package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.correlate.ServiceGraph;
import io.vigil.correlate.ServiceGraphFile;
import io.vigil.correlate.ServiceResolver;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.iforest.ForestModels;
import io.vigil.detect.iforest.ForestTrainer;
import io.vigil.detect.iforest.ModelDirectory;
import io.vigil.detect.iforest.TrainingData;
import io.vigil.detect.store.StoreManifest;
import io.vigil.eval.LabelFile;
import io.vigil.eval.LabelledIncident;
import io.vigil.ingest.CsvHistory;
import io.vigil.model.Timestamps;
import io.vigil.model.WallClock;
import io.vigil.train.HistoryCollector;
import io.vigil.train.HistorySeries;
import io.vigil.train.PrometheusTraining;
import io.vigil.train.SeedTraining;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiPredicate;

/** {@code vigil train}: every series' models from history into the model store, and Isolation Forests. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Learn every series' models from history and publish them as a new version of the model "
                + "store --out, which 'run' and 'replay' read with --models: each series runs through the job's "
                + "own engine (resampling, gap filling, counter rates, the seasonal model with its weekly cycle, "
                + "the robust and change detectors' baselines, every calibrator), so the job starts it where the "
                + "stream would be after that history. Samples inside --labels incidents and the rules file's "
                + "freeze windows are left out.",
                "History: --from csv --input FILE (timestamp,metric,value[,label...]), or --from prometheus --url URL "
                        + "--query QUERY... --days N [--end TIME] (query_range, chunked, retried).",
                "With --forests it also trains Isolation Forests from the same history into the same version "
                        + "(forests/: one per metric family and one per entity), which the job scores with when "
                        + "detect.iforest.models names the store. Forests are opt-in in the job, and their training "
                        + "holds every family's feature rows in memory (about 100 bytes per series per step).",
                "With --set detect.lstm.enabled=true it first fits each metric family's LSTM network on the history of "
                        + "its first detect.lstm.max-series series and publishes it in the same version (lstm/); every "
                        + "series' seed then carries its state under that network. Run the job with the same setting."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "csv|prometheus", description = "Where history comes from.")
    String from;

    @Option(names = "--input", paramLabel = "FILE", description = "History CSV (--from csv): timestamp,metric,value[,label...].")
    Path input;

    @Option(names = "--url", paramLabel = "URL", description = "Prometheus base URL (--from prometheus), e.g. http://prometheus:9090.")
    String url;

    @Option(names = "--query", paramLabel = "QUERY",
            description = "PromQL selector of the series to learn, e.g. '{job=\"node\"}' (repeatable; --from prometheus).")
    List<String> queries = new ArrayList<>();

    @Option(names = "--days", defaultValue = "30", description = "Days of history before --end (default ${DEFAULT-VALUE}; --from prometheus).")
    int days;

    @Option(names = "--end", paramLabel = "TIME",
            description = "End of the history, RFC 3339 or epoch ms (default: now; --from prometheus).")
    String end;

    @Option(names = "--step", converter = DurationConverter.class,
            description = "Grid step to train on (default: the configuration's features.step; the job must use the same).")
    Duration step;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model store to publish a new version in.")
    String out;

    @Option(names = "--shards", defaultValue = "16", description = "Seed files per version (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--threads", description = "Training threads (default: the machine's cores).")
    Integer threads;

    @Option(names = "--forests", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Also train Isolation Forests into the version (default ${DEFAULT-VALUE}).")
    boolean forests;

    @Option(names = "--family-label", defaultValue = "service",
            description = "Label that splits a metric into families (default ${DEFAULT-VALUE}; empty: one per metric).")
    String familyLabel;

    @Option(names = "--entity-label", defaultValue = "service",
            description = "Label naming an entity whose metrics form one vector (default ${DEFAULT-VALUE}; empty: none).")
    String entityLabel;

    @Option(names = "--contamination", defaultValue = "0.01",
            description = "Share of training rows above each forest's threshold (default ${DEFAULT-VALUE}).")
    double contamination;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labelled incidents (start,end[,service]) to leave out of training, e.g. generate's labels.csv.")
    Path labels;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of the forests (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter say = spec.commandLine().getOut();
        // Flink's file systems, with the plugins of FLINK_PLUGINS_DIR (an s3:// store needs one).
        Configuration fsConf = new Configuration();
        FileSystem.initialize(fsConf, PluginUtils.createPluginManagerFromRootFolder(fsConf));
        VigilConfig cfg = config.load();
        if (step != null) {
            cfg = cfg.withFeatures(cfg.features().withStep(step));
        }
        List<LabelledIncident> incidents = labels == null ? List.of() : LabelFile.read(labels);
        List<String> serviceLabels = cfg.correlate().serviceLabels();
        ServiceGraph graph = ServiceGraphFile.load(cfg.correlate());
        BiPredicate<Map<String, String>, Long> excluded = (l, t) -> {
            if (incidents.isEmpty()) {
                return false;
            }
            String service = ServiceResolver.serviceOf(graph, serviceLabels, l, "");
            for (LabelledIncident i : incidents) {
                if (t >= i.startMs() && t <= i.endMs() && i.concerns(service)) {
                    return true;
                }
            }
            return false;
        };
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        HistoryCollector history;
        String source;
        switch (from) {
            case "csv" -> {
                if (input == null) {
                    throw new IllegalArgumentException("--from csv needs --input FILE");
                }
                say.printf("train: reading %s (step %s)%n", input, cfg.features().step());
                say.flush();
                history = new HistoryCollector();
                CsvHistory.read(input, say, line -> true, history::add);
                if (history.seriesCount() == 0) {
                    throw new IllegalArgumentException("no samples in " + input);
                }
                source = input.toString();
            }
            case "prometheus" -> {
                if (url == null || queries.isEmpty()) {
                    throw new IllegalArgumentException("--from prometheus needs --url URL and at least one --query");
                }
                if (days < 1) {
                    throw new IllegalArgumentException("--days must be at least 1, got " + days);
                }
                long endMs = end == null ? WallClock.system().millis() : Timestamps.parse(end);
                say.print("train: " + days + " days of ");
                history = PrometheusTraining.fetch(cfg, url, queries, endMs - days * 86_400_000L, endMs, say);
                source = PrometheusTraining.source(url, queries);
            }
            default -> throw new IllegalArgumentException("--from " + from + ": use csv or prometheus");
        }
        List<HistorySeries> histories = history.histories();
        say.printf("train: %,d series, %,d samples, on %d threads%n", history.seriesCount(), history.samples(), n);
        say.flush();
        Map<String, byte[]> files = forests ? forestFiles(cfg, histories, source, excluded, say) : Map.of();
        StoreManifest m = SeedTraining.run(cfg, DetectorModules.standard(), new SeedTraining.Input(histories, source,
                (h, t) -> excluded.test(h.labels(), t), files), out, shards, n, WallClock.system(), say);
        SeedTraining.describe(m, out).forEach(l -> say.println("train: " + l));
        say.flush();
        return 0;
    }

    /** The forests of the history, as the files of the version's {@code forests/} folder. */
    private Map<String, byte[]> forestFiles(VigilConfig cfg, List<HistorySeries> histories, String source,
            BiPredicate<Map<String, String>, Long> excluded, PrintWriter say) throws Exception {
        TrainingData.Builder b = new TrainingData.Builder(cfg.features());
        for (HistorySeries h : histories) {
            for (int i = 0; i < h.size(); i++) {
                if (!h.stale()[i]) {
                    b.add(h.series(), h.metric(), h.labels(), h.timestampsMs()[i], h.values()[i]);
                }
            }
        }
        TrainingData data = b.build();
        BiPredicate<TrainingData.Series, Long> rowExcluded = (s, t) -> excluded.test(s.labels(), t);
        ForestTrainer trainer = ForestTrainer.withContamination(contamination);
        List<ForestModels.Model> models = new ArrayList<>();
        train("family", data.familyRows(familyLabel, rowExcluded), trainer, models, say);
        if (!entityLabel.isEmpty()) {
            train("entity", data.entityRows(entityLabel, rowExcluded), trainer, models, say);
        }
        say.printf("train: %d forest models%n", models.size());
        Map<String, byte[]> files = new LinkedHashMap<>();
        ForestModels.encode(models, source, contamination)
                .forEach((name, bytes) -> files.put(ModelDirectory.STORE_FOLDER + name, bytes));
        return files;
    }

    private void train(String kind, Map<String, TrainingData.Rows> sets, ForestTrainer trainer,
            List<ForestModels.Model> models, PrintWriter say) {
        for (var e : sets.entrySet()) {
            TrainingData.Rows r = e.getValue();
            if (r.rows().size() < 64) {
                say.printf("  %s %s: %d rows, too few to train (need 64); skipped%n", kind, e.getKey(), r.rows().size());
                continue;
            }
            long t0 = System.nanoTime();
            ForestTrainer.Trained t = trainer.fit(r.rows().toArray(new double[0][]), seed);
            models.add(t.model(kind, e.getKey(), r.features(), r.excluded()));
            say.printf("  %s %s: %d features, %d rows used, %d left out (%d in labelled incidents), %.1f s%n", kind,
                    e.getKey(), r.features().size(), t.rowsUsed(), t.rowsExcluded() + r.excluded(), r.excluded(),
                    (System.nanoTime() - t0) / 1e9);
            say.flush();
        }
    }
}
