package io.vigil.cli;

import io.vigil.config.VigilConfig;
import io.vigil.eval.LabelEvaluation;
import io.vigil.eval.LabelFile;
import io.vigil.eval.LabelScorer;
import io.vigil.eval.ReplayResults;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code vigil evaluate labels}: replay output against labelled incident intervals. */
@Command(name = "labels", mixinStandardHelpOptions = true,
        description = {"Score the output of vigil replay (--results DIR) against labelled incidents (--labels FILE, "
                + "CSV start,end[,service][,description]; service may list several as a|b|c, empty = any).",
                "Prints event-level precision/recall/F1, TPR and FPR against the seed's line (TPR > 80%%, FPR < 10%%), "
                        + "detection delay, raw anomalies per incident and alerts per day."})
public final class EvaluateLabelsCommand implements Callable<Integer> {
    @Option(names = "--results", required = true, paramLabel = "DIR", description = "Output directory of vigil replay.")
    Path results;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "Labelled incidents (CSV).")
    Path labels;

    @Option(names = "--grace", paramLabel = "DURATION",
            description = "How long after a label's end an incident still counts as that fault "
                    + "(default: the session gap, correlate.session-gap).")
    Duration grace;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write an HTML report (works offline).")
    Path report;

    @Mixin
    ConfigOptionsMixin config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var say = spec.commandLine().getOut();
        VigilConfig cfg = config.load();
        var labelled = LabelFile.read(labels);
        var replay = ReplayResults.read(results);
        var scorer = new LabelScorer(grace == null ? cfg.correlate().sessionGap() : grace,
                cfg.correlate().serviceLabels());
        var score = scorer.score(labelled, replay);
        say.printf("%s against %s:%n", results, labels);
        LabelEvaluation.lines(score).forEach(l -> say.println("  " + l));
        if (report != null) {
            LabelEvaluation.report(report, results, labelled, replay, scorer, score, cfg.detect().threshold(),
                    cfg.correlate().serviceLabels());
            say.println("report: " + report.toAbsolutePath());
        }
        return 0;
    }
}
