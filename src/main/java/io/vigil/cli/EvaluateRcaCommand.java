package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.eval.rca.RcaScenario;
import io.vigil.eval.rca.RcaScore;
import io.vigil.replay.ReplayJob;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil evaluate rca}: root-cause accuracy on random service graphs with known faults. */
@Command(name = "rca", mixinStandardHelpOptions = true,
        description = {"Generate random service graphs (--min-services to --max-services), inject faults that spread "
                + "to callers with delays and attenuation over background noise and unrelated blips, replay each "
                + "through the job with its services.yaml, and print top-1 / top-3 root-cause accuracy (AC@1, AC@3) "
                + "and how often one fault made exactly one incident.",
                "Files per graph go to OUT/graph-N (metrics.csv, services.yaml, the replay's output)."})
public final class EvaluateRcaCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Working directory.")
    Path out;

    @Option(names = "--graphs", defaultValue = "4", description = "Random graphs (default ${DEFAULT-VALUE}).")
    int graphs;

    @Option(names = "--min-services", defaultValue = "10", description = "Smallest graph (default ${DEFAULT-VALUE}).")
    int minServices;

    @Option(names = "--max-services", defaultValue = "100", description = "Largest graph (default ${DEFAULT-VALUE}).")
    int maxServices;

    @Option(names = "--faults", defaultValue = "15", description = "Faults per graph (default ${DEFAULT-VALUE}).")
    int faults;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (graphs < 1 || faults < 1 || minServices < 3 || maxServices < minServices) {
            throw new IllegalArgumentException("need --graphs >= 1, --faults >= 1, 3 <= --min-services <= --max-services");
        }
        var say = spec.commandLine().getOut();
        VigilConfig base = config.load();
        RcaScore total = null;
        for (int g = 0; g < graphs; g++) {
            int services = graphs == 1 ? maxServices : minServices + (maxServices - minServices) * g / (graphs - 1);
            RcaScenario scenario = RcaScenario.generate(services, faults, seed + g);
            Path dir = out.resolve("graph-" + (g + 1));
            long rows = scenario.write(dir, seed + 100 + g);
            VigilConfig cfg = base.withIngest(base.ingest().withCsvColumns(
                    List.of("timestamp", "metric", "value", "service")))
                    .withCorrelate(base.correlate().withServicesFile(dir.resolve("services.yaml").toString()));
            long started = System.nanoTime();
            ReplayJob.run(dir.resolve("metrics.csv"), dir.resolve("out"), cfg);
            RcaScore s = RcaScore.of(scenario, dir.resolve("out").resolve(ReplayJob.INCIDENTS));
            say.printf(Locale.ROOT, "  graph %d: %3d services, %,d rows, %d faults: found %d, AC@1 %.2f, AC@3 %.2f, "
                    + "one incident per fault %.2f (%.0f s)%n", g + 1, services, rows, s.faults(), s.found(), s.ac1(),
                    s.ac3(), s.oneIncidentRate(), (System.nanoTime() - started) / 1e9);
            say.flush();
            total = total == null ? s : total.plus(s);
        }
        say.printf(Locale.ROOT, "RCA over %d graphs, %d faults (%d found by the detectors): AC@1 %.2f  AC@3 %.2f  "
                        + "one incident per fault %.2f   (targets: 0.80, 0.95, 0.90)%n", graphs, total.faults(),
                total.found(), total.ac1(), total.ac3(), total.oneIncidentRate());
        return 0;
    }
}
