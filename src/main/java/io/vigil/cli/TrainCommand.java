package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.detect.iforest.ForestModels;
import io.vigil.detect.iforest.ForestTrainer;
import io.vigil.detect.iforest.TrainingData;
import io.vigil.eval.LabelFile;
import io.vigil.eval.LabelledIncident;
import io.vigil.correlate.ServiceGraph;
import io.vigil.correlate.ServiceGraphFile;
import io.vigil.correlate.ServiceResolver;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiPredicate;

/** {@code vigil train}: Isolation Forest models from history. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train Isolation Forest models on history and write them to --out (models.json + one .vif "
                + "file per model): one per metric family (metric name + --family-label value) over the seed's "
                + "features, and one per entity (--entity-label value) over its metrics aligned on the grid.",
                "Rows beyond 5 sigma on any feature and rows inside --labels incidents are left out; "
                        + "--contamination sets each model's threshold. History: --from csv (the seed's CSV format)."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "csv", description = "Where history comes from: csv.")
    String from;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "History CSV: timestamp,metric,value[,label...].")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model directory to write.")
    Path out;

    @Option(names = "--family-label", defaultValue = "service",
            description = "Label that splits a metric into families (default ${DEFAULT-VALUE}; empty: one per metric).")
    String familyLabel;

    @Option(names = "--entity-label", defaultValue = "service",
            description = "Label naming an entity whose metrics form one vector (default ${DEFAULT-VALUE}; empty: none).")
    String entityLabel;

    @Option(names = "--contamination", defaultValue = "0.01",
            description = "Share of training rows above each model's threshold (default ${DEFAULT-VALUE}).")
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
        if (!from.equals("csv")) {
            throw new IllegalArgumentException("--from " + from + " is not supported yet; use --from csv");
        }
        VigilConfig cfg = config.load();
        List<LabelledIncident> incidents = labels == null ? List.of() : LabelFile.read(labels);
        say.printf("train: reading %s (step %s)%n", input, cfg.features().step());
        say.flush();
        TrainingData data = TrainingData.read(input, cfg.features(), say);
        List<String> serviceLabels = cfg.correlate().serviceLabels();
        ServiceGraph graph = ServiceGraphFile.load(cfg.correlate());
        BiPredicate<TrainingData.Series, Long> excluded = (s, t) -> {
            String service = ServiceResolver.serviceOf(graph, serviceLabels, s.labels(), "");
            for (LabelledIncident i : incidents) {
                if (t >= i.startMs() && t <= i.endMs() && i.concerns(service)) {
                    return true;
                }
            }
            return false;
        };
        ForestTrainer trainer = ForestTrainer.withContamination(contamination);
        List<ForestModels.Model> models = new ArrayList<>();
        train("family", data.familyRows(familyLabel, excluded), trainer, models, say);
        if (!entityLabel.isEmpty()) {
            train("entity", data.entityRows(entityLabel, excluded), trainer, models, say);
        }
        ForestModels.save(out, models, input.toString(), contamination);
        say.printf("train: %d series, %d models written to %s%n", data.series().size(), models.size(),
                out.resolve(ForestModels.MANIFEST));
        return models.isEmpty() ? 3 : 0;
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
