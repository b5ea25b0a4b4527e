package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.eval.NabEvaluation;
import io.vigil.eval.NabRunner;
import io.vigil.eval.SeriesEvaluation;
import io.vigil.eval.nab.NabProfile;
import io.vigil.eval.nab.NabWindows;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil evaluate nab}: the detector chain over NAB-layout files, scored as NAB scores. */
@Command(name = "nab", mixinStandardHelpOptions = true,
        description = {"Run the production detector chain over every DATA/<category>/<file>.csv (timestamp,value) in "
                + "row order, one score per row, and write OUT/vigil/<category>/vigil_<file>.csv "
                + "(timestamp,value,anomaly_score,alert).",
                "Then print NAB scores for the three profiles: anomaly_score with NAB's threshold optimisation, and "
                        + "the binary alert column at a fixed 0.5 (no tuning). Labels are only read for scoring.",
                "The development subset ships in src/test/resources/nab (data, labels, profiles)."})
public final class EvaluateNabCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "NAB data directory.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the results.")
    Path out;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "NAB windows JSON (default: DATA/../labels/combined_windows.json if it exists).")
    Path labels;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "NAB profiles JSON (default: DATA/../config/profiles.json if it exists, else NAB's three).")
    Path profiles;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write an HTML report (works offline).")
    Path report;

    @Option(names = "--scores", paramLabel = "onset|point",
            description = "What the anomaly_score column holds: onset (default: a row's score as a new anomaly, 0 "
                    + "inside one and in its refractory period, as alerts see it) or point (every row's own score).")
    String scores = "onset";

    @Option(names = "--threads", paramLabel = "N", description = "Files scored in parallel (default: cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var say = spec.commandLine().getOut();
        VigilConfig cfg = config.load();
        Path windowsFile = labels != null ? labels : sibling("labels/combined_windows.json");
        if (labels != null && !Files.isRegularFile(labels)) {
            throw new IllegalArgumentException("--labels " + labels + " is not a file");
        }
        if (!scores.equals("onset") && !scores.equals("point")) {
            throw new IllegalArgumentException("--scores must be onset or point, not " + scores);
        }
        Path profilesFile = profiles != null ? profiles : sibling("config/profiles.json");
        List<NabProfile> profileList = profilesFile != null && Files.isRegularFile(profilesFile)
                ? NabProfile.read(profilesFile) : NabProfile.standardProfiles();
        int files = NabRunner.dataFiles(data).size();
        say.printf("evaluate nab: %d files from %s -> %s%n", files, data, out.resolve(NabRunner.DETECTOR));
        say.flush();
        long started = System.nanoTime();
        List<SeriesEvaluation> results = NabRunner.run(data, out, cfg, threads, scores.equals("point"), line -> {
            say.println(line);
            say.flush();
        });
        long rows = results.stream().mapToLong(SeriesEvaluation::rows).sum();
        double secs = (System.nanoTime() - started) / 1e9;
        say.printf("scored %,d rows in %.1f s (%,.0f rows/s)%n", rows, secs, rows / secs);
        if (windowsFile == null || !Files.isRegularFile(windowsFile)) {
            say.println("no labels (--labels): results written, not scored");
            return 0;
        }
        var scores = NabEvaluation.score(results, NabWindows.read(windowsFile), profileList);
        say.printf("NAB scores against %s (100 = perfect, 0 = never alarming):%n", windowsFile);
        NabEvaluation.lines(scores).forEach(l -> say.println("  " + l));
        Path json = out.resolve("vigil_scores.json");
        NabEvaluation.writeJson(json, scores);
        say.println("scores: " + json);
        if (report != null) {
            NabEvaluation.report(report, data, results, scores, cfg.detect().threshold());
            say.println("report: " + report.toAbsolutePath());
        }
        return 0;
    }

    private Path sibling(String relative) {
        Path parent = data.toAbsolutePath().normalize().getParent();
        return parent == null ? null : parent.resolve(relative);
    }
}
