package io.vigil.detect.iforest;

import io.vigil.demo.ScenarioFiles;
import io.vigil.eval.LabelFile;
import io.vigil.eval.LabelledIncident;
import io.vigil.testing.CliRun;
import io.vigil.testing.MiniClusters;
import io.vigil.testing.OutputLines;

import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entity forests in the job: models trained by {@code vigil train} on one shop, the replay job over
 * another with {@code detect.iforest.models} set. Entity anomalies come out with their entity and
 * contributing series, inside the labelled faults, and join incidents; the family forests score the
 * series' points alongside the other detectors.
 */
class EntityReplayIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @TempDir
    Path dir;

    @Test
    void replayWithEntityModels_entityAnomaliesInsideTheFaults_withContributors() throws Exception {
        ScenarioFiles.write(dir.resolve("train"), 48, 1, h -> { });
        ScenarioFiles.write(dir.resolve("test"), 12, 2, h -> { });
        CliRun.ok("train", "--forests", "--from", "csv", "--input", dir.resolve("train/metrics.csv").toString(), "--labels",
                dir.resolve("train/labels.csv").toString(), "--out", dir.resolve("models").toString());
        CliRun.ok("replay", "--input", dir.resolve("test/metrics.csv").toString(), "--out",
                dir.resolve("out").toString(), "--set", "detect.iforest.models=" + dir.resolve("models"),
                "--set", "job.parallelism=2", "--set", "detect.iforest.families=true",
                "--set", "detect.iforest.refit-every=3h", "--set", "detect.iforest.min-rows=150");

        List<JsonNode> anomalies = OutputLines.parse(Files.readAllLines(dir.resolve("out/anomalies.jsonl")));
        List<JsonNode> entity = anomalies.stream().filter(a -> a.has("entity")).toList();
        List<LabelledIncident> faults = LabelFile.read(dir.resolve("test/labels.csv"));
        long inside = entity.stream().filter(a -> faults.stream().anyMatch(f -> f.concerns(a.path("entity").asText())
                && inWindow(a, f))).count();
        long found = faults.stream().filter(f -> entity.stream().anyMatch(a -> f.concerns(a.path("entity").asText())
                && inWindow(a, f))).count();
        System.out.printf("entity anomalies in replay: %d, %d inside labelled faults; %d of %d faults found%n",
                entity.size(), inside, found, faults.size());
        assertThat(entity).isNotEmpty().allSatisfy(a -> {
            assertThat(a.path("detectors").has("iforest")).isTrue();
            assertThat(a.path("contributors").size()).isBetween(1, 3);
            a.path("contributors").forEach(c -> assertThat(c.path("series").asText())
                    .contains("service=\"" + a.path("entity").asText() + "\""));
        });
        // 3 of 5 steps above the per-step threshold: few entity anomalies outside the faults.
        int entitySteps = 6 * 12 * 60;
        assertThat((double) (entity.size() - inside) / entitySteps).isLessThan(0.005);
        assertThat((double) inside / entity.size()).isGreaterThanOrEqualTo(0.75);
        assertThat(found).isGreaterThanOrEqualTo(faults.size() * 8 / 10);
        List<JsonNode> incidents = OutputLines.parse(Files.readAllLines(dir.resolve("out/incidents.jsonl")));
        assertThat(incidents).anySatisfy(i -> assertThat(i.path("affected").toString()).contains("entity{"));

        // Family forests: trained ones come from the directory; with them on, every series' points
        // past its warm-up carry the forest's calibrated score next to the other detectors'.
        List<JsonNode> points = anomalies.stream().filter(a -> !a.has("entity")).toList();
        assertThat(points).isNotEmpty();
        long withForest = points.stream().filter(a -> a.path("detectors").has("iforest")).count();
        System.out.printf("point anomalies: %d, %d with a family forest score%n", points.size(), withForest);
        assertThat(withForest).isGreaterThan(points.size() / 2);
    }

    private static boolean inWindow(JsonNode a, LabelledIncident f) {
        long t = io.vigil.model.Timestamps.parse(a.path("timestamp").asText());
        return t >= f.startMs() - 120_000 && t <= f.endMs() + 600_000;
    }
}
