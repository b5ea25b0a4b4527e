package io.vigil.cli;

import io.vigil.testing.OutputLines;
import io.vigil.testing.SpikeScenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./vigil} as users run it, from the checkout, as a separate process on the jar that
 * {@code mvn verify} just packaged ({@code VIGIL_NO_BUILD} stops it from rebuilding mid-build).
 */
class LauncherIT {
    @TempDir
    Path tmp;

    @Test
    void help_listsCommands() throws Exception {
        Result r = vigil("--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("demo", "run", "replay", "generate", "evaluate");
        for (String cmd : List.of("demo", "run", "bench", "replay", "generate", "forecast", "train", "bridge", "notify",
                "evaluate", "evaluate nab", "evaluate labels", "evaluate rca", "evaluate suite")) {
            List<String> args = new java.util.ArrayList<>(List.of(cmd.split(" ")));
            args.add("--help");
            Result h = vigil(args.toArray(String[]::new));
            assertThat(h.exit).as(cmd + " --help").isZero();
            assertThat(h.out).contains("Usage: vigil " + cmd);
            // A stray % in a description makes picocli print a warning instead of the text.
            assertThat(h.out + h.err).as(cmd + " --help").doesNotContain("picocli WARN");
        }
    }

    @Test
    void replay_unsortedCsv_writesAllOutputsWithTheSpikeFound() throws Exception {
        List<String> rows = new ArrayList<>();
        SpikeScenario.rows(5).forEach(r -> rows.add(SpikeScenario.csv(r)));
        Collections.shuffle(rows.subList(0, 400), new Random(1)); // out of order, as the seed format allows
        rows.add(700, "2026-11-20T09:30:00Z,latency_seconds,not-a-number,api,prod");
        Path csv = tmp.resolve("metrics.csv");
        List<String> lines = new ArrayList<>();
        lines.add(SpikeScenario.csvHeader());
        lines.addAll(rows);
        Files.write(csv, lines, StandardCharsets.UTF_8);
        Path out = tmp.resolve("out");

        Result r = vigil("replay", "--input", csv.toString(), "--out", out.toString());

        assertThat(r.exit).as(r.out + r.err).isZero();
        assertThat(r.out).contains("done in");
        List<String> scores = Files.readAllLines(out.resolve("scores.csv"));
        assertThat(scores.get(0)).isEqualTo("timestamp,series,value,expected,lower,upper,score,alert");
        assertThat(scores).hasSize(1 + SpikeScenario.EXPECTED_SCORED_POINTS);
        assertThat(scores.stream().filter(l -> l.endsWith(",1"))).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("2026-11-20T11:"));
        List<JsonNode> incidents = OutputLines.parse(Files.readAllLines(out.resolve("incidents.jsonl")));
        assertThat(incidents).extracting(i -> i.path("status").asText()).contains("open", "resolved");
        assertThat(Files.readAllLines(out.resolve("alerts.jsonl"))).hasSize(2);
        assertThat(Files.readAllLines(out.resolve("anomalies.jsonl"))).isNotEmpty();
        List<JsonNode> dead = OutputLines.parse(Files.readAllLines(out.resolve("deadletter.jsonl")));
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.path("reason").asText()).isEqualTo("value 'not-a-number' is not a number");
            assertThat(d.path("topic").asText()).isEqualTo("metrics.csv");
            assertThat(d.path("offset").asLong()).isEqualTo(702); // header is line 1
        });
    }

    @Test
    void badConfig_failsWithTheKeyAndValue() throws Exception {
        Path csv = tmp.resolve("m.csv");
        Files.writeString(csv, "timestamp,metric,value\n2026-11-20T09:00:00Z,x,1\n");
        Result r = vigil("replay", "--input", csv.toString(), "--out", tmp.toString(), "--set", "detect.threshold=2");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("detect.threshold").contains("'2'");

        Path yaml = tmp.resolve("vigil.yaml");
        Files.writeString(yaml, "features:\n  stepp: 1m\n");
        Result typo = vigil("run", "--config", yaml.toString());
        assertThat(typo.exit).isEqualTo(2);
        assertThat(typo.err).contains("unknown key 'features.stepp'").contains("did you mean 'features.step'");

        Result missing = vigil("replay", "--input", tmp.resolve("nope.csv").toString(), "--out", tmp.toString());
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.err).contains("nope.csv").contains("does not exist");
    }

    private record Result(int exit, String out, String err) {}

    private Result vigil(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of("vigil").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("VIGIL_NO_BUILD", "1");
        pb.environment().put("VIGIL_JAVA_OPTS", "-Xmx1g");
        Path stdout = tmp.resolve("stdout-" + System.nanoTime());
        Path stderr = tmp.resolve("stderr-" + System.nanoTime());
        pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("./vigil " + String.join(" ", args) + " did not finish within 5 minutes");
        }
        return new Result(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
