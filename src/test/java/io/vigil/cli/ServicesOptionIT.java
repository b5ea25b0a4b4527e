package io.vigil.cli;

import io.vigil.testing.CliRun;
import io.vigil.testing.OutputLines;
import io.vigil.testing.SpikeScenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil replay --services FILE} (in-process, local Flink): the graph reaches root-cause
 * ranking, and a missing file or a second way of naming the graph is refused before the job runs.
 */
class ServicesOptionIT {
    @TempDir
    Path tmp;

    @Test
    void replay_servicesFile_ranksRootCausesOnTheGraph() throws Exception {
        Path csv = spikeCsv();
        Path services = tmp.resolve("services.yaml");
        Files.writeString(services, """
                serviceLabel: service
                services:
                  - name: api
                    dependsOn: [db]
                  - name: db
                    dependsOn: []
                """);
        Path out = tmp.resolve("out");

        CliRun.ok("replay", "--input", csv.toString(), "--out", out.toString(), "--services", services.toString());

        List<JsonNode> incidents = OutputLines.parse(Files.readAllLines(out.resolve("incidents.jsonl")));
        List<JsonNode> ranked = incidents.stream().filter(i -> i.path("rootCauses").size() > 1).toList();
        assertThat(ranked).as("incidents with both services").isNotEmpty().allSatisfy(i -> {
            JsonNode top = i.path("rootCauses").get(0);
            assertThat(top.path("service").asText()).isEqualTo("db");
            // Without a graph the ranker infers edges from onset order and says so.
            assertThat(i.path("rootCauses").findValuesAsText("evidence"))
                    .noneMatch(e -> e.contains("inferred"))
                    .anyMatch(e -> e.contains("called by api, which moved"));
        });
    }

    @Test
    void replay_missingServicesFile_failsNamingTheFile() throws Exception {
        Path csv = spikeCsv();
        Path missing = tmp.resolve("no-such-services.yaml");

        CliRun.Result r = CliRun.run("replay", "--input", csv.toString(), "--out", tmp.resolve("out").toString(),
                "--services", missing.toString());

        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--services " + missing + ": no such file");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void replay_servicesAndSetCorrelateServices_rejectedNamingBoth() throws Exception {
        Path csv = spikeCsv();
        Path services = tmp.resolve("services.yaml");
        Files.writeString(services, "services: []\n");

        CliRun.Result r = CliRun.run("replay", "--input", csv.toString(), "--out", tmp.resolve("out").toString(),
                "--services", services.toString(), "--set", "correlate.services=" + services);

        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--services").contains("--set correlate.services");
    }

    @Test
    void run_missingServicesFile_failsBeforeConnecting() {
        Path missing = tmp.resolve("gone.yaml");

        CliRun.Result r = CliRun.run("run", "--services", missing.toString());

        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--services " + missing + ": no such file");
    }

    private Path spikeCsv() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(SpikeScenario.csvHeader());
        SpikeScenario.rows(5).forEach(r -> lines.add(SpikeScenario.csv(r)));
        Path csv = tmp.resolve("metrics.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        return csv;
    }
}
