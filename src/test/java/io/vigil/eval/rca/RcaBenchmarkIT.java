package io.vigil.eval.rca;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigil evaluate rca} end to end (random graphs, the real replay job, incidents scored
 * against the injected roots) on two small graphs; the targets must hold.
 */
class RcaBenchmarkIT {
    @TempDir
    Path dir;

    @Test
    void randomGraphs_rootCausesFound_oneIncidentPerFault() {
        String out = CliRun.ok("evaluate", "rca", "--out", dir.toString(), "--graphs", "2", "--min-services", "12",
                "--max-services", "40", "--faults", "8", "--seed", "3");
        Matcher m = Pattern.compile("faults \\((\\d+) found by the detectors\\): AC@1 ([0-9.]+)  AC@3 ([0-9.]+)  "
                + "one incident per fault ([0-9.]+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("faults found of 16").isGreaterThanOrEqualTo(14);
        assertThat(Double.parseDouble(m.group(2))).as("AC@1").isGreaterThanOrEqualTo(0.8);
        assertThat(Double.parseDouble(m.group(3))).as("AC@3").isGreaterThanOrEqualTo(0.95);
        assertThat(Double.parseDouble(m.group(4))).as("one incident per fault").isGreaterThanOrEqualTo(0.9);
        assertThat(dir.resolve("graph-1/services.yaml")).exists();
    }
}
