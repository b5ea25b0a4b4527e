package io.vigil.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;

import io.vigil.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The labelled-data loop a user runs: {@code generate} a scenario with known faults, {@code replay}
 * it through the job (local Flink), {@code evaluate labels} with a report. The faults are known, so
 * the figures must clear the seed's line.
 */
class LabelEvaluationIT {
    @TempDir
    Path tmp;

    @Test
    void generateReplayEvaluate_knownFaults_allPagedWithFewFalseRows() throws Exception {
        Path gen = tmp.resolve("gen");
        Path out = tmp.resolve("out");
        Path report = tmp.resolve("report.html");
        assertThat(cli("generate", "--out", gen.toString(), "--hours", "6")).contains("labelled incidents");
        assertThat(cli("replay", "--input", gen.resolve("metrics.csv").toString(), "--out", out.toString()))
                .contains("done in");
        String text = cli("evaluate", "labels", "--results", out.toString(), "--labels",
                gen.resolve("labels.csv").toString(), "--report", report.toString());
        assertThat(text).contains("TPR (labels paged)", "FPR (rows flagged outside labels)", "alerts per day");

        var labels = LabelFile.read(gen.resolve("labels.csv"));
        assertThat(labels).as("faults injected in the first 6 hours").hasSize(2);
        var cfg = ConfigLoader.defaults();
        LabelScore s = new LabelScorer(cfg.correlate().sessionGap(), cfg.correlate().serviceLabels())
                .score(labels, ReplayResults.read(out));
        assertThat(s.recall()).as("labelled faults paged").isEqualTo(1.0);
        assertThat(s.falsePositiveRate()).as("rows flagged outside labels").isLessThan(0.01);
        assertThat(s.precision()).as("pages that were real").isGreaterThanOrEqualTo(0.5);
        assertThat(s.anomalies()).as("raw anomalies outnumber incidents").isGreaterThan(s.incidents());

        String page = Files.readString(report);
        assertThat(page).contains("payment latency x4", "http_request_duration_p99_seconds{instance=\\\"payment-0:9100\\\"");
    }

    private static String cli(String... args) {
        return CliRun.ok(args);
    }
}
