package io.vigil.cli;

import io.vigil.demo.DemoScenario;
import io.vigil.demo.InjectedIncident;
import io.vigil.demo.ScenarioFiles;
import io.vigil.model.Timestamps;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil generate}: the demo's synthetic metrics and injected faults as files. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write the demo scenario as files: metrics.csv (input for vigil replay), labels.csv "
                + "(its injected faults as labelled incidents, for vigil evaluate labels) and services.yaml "
                + "(its service graph, for --set correlate.services=...).",
                "Scenarios longer than 12 hours repeat the 12-hour fault schedule."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the two files.")
    Path out;

    @Option(names = "--hours", defaultValue = "24", description = "Scenario length in hours (default ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic metrics (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (hours < 1) {
            throw new IllegalArgumentException("--hours must be at least 1, got " + hours);
        }
        var say = spec.commandLine().getOut();
        var written = ScenarioFiles.write(out, hours, seed, h -> {
            if (h % 6 == 0 || h == hours) {
                say.printf("  %d/%d hours written%n", h, hours);
                say.flush();
            }
        });
        say.printf("wrote %,d samples of %d services from %s to %s (%s)%n", written.rows(),
                DemoScenario.SERVICES.size(), Timestamps.format(DemoScenario.START.toEpochMilli()),
                Timestamps.format(DemoScenario.START.toEpochMilli() + hours * 3_600_000L),
                out.resolve(ScenarioFiles.METRICS));
        say.printf("and %d labelled incidents (%s):%n", written.incidents().size(), out.resolve(ScenarioFiles.LABELS));
        for (InjectedIncident i : written.incidents()) {
            say.printf("  +%4d min  %s%n", i.startMin(), i.description());
        }
        return 0;
    }
}
