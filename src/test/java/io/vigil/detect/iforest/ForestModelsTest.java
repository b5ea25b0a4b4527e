package io.vigil.detect.iforest;

import io.vigil.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForestModelsTest {
    @TempDir
    Path dir;

    @Test
    void savedDirectory_loadsWithTheSameScores_andBrokenOnesNameTheFile() throws Exception {
        Random r = new Random(1);
        double[][] rows = new double[500][];
        for (int i = 0; i < rows.length; i++) {
            double a = r.nextGaussian();
            rows[i] = new double[] {a, 2 * a + 0.1 * r.nextGaussian()};
        }
        ForestTrainer.Trained t = ForestTrainer.defaults().fit(rows, 3);
        var model = new ForestModels.Model("entity", "api", List.of("cpu", "latency"), t.threshold(), t.center(),
                t.scale(), t.tail(), t.rowsUsed(), t.rowsExcluded(), t.forest());
        ForestModels.save(dir, List.of(model), "test", 0.01);
        ForestModels.Model back = ForestModels.load(dir).get(0);
        assertThat(back.key()).isEqualTo("api");
        assertThat(back.features()).containsExactly("cpu", "latency");
        assertThat(back.center()).containsExactly(model.center());
        assertThat(back.scale()).containsExactly(model.scale());
        for (double[] x : rows) {
            assertThat(back.normalised(x)).isEqualTo(model.normalised(x));
        }

        Files.delete(dir.resolve("entity-0000.vif"));
        assertThatThrownBy(() -> ForestModels.load(dir)).hasMessageContaining("models[0]")
                .hasMessageContaining("entity-0000.vif is missing");
        assertThatThrownBy(() -> ForestModels.load(dir.resolve("nowhere")))
                .hasMessageContaining("holds no models.json");
    }

    @Test
    void trainCommand_refusesWhatItCannotDo() {
        var r = CliRun.run("train", "--from", "prometheus", "--input", "x.csv", "--out", dir.toString());
        assertThat(r.rc()).isNotZero();
        assertThat(r.err()).contains("--from prometheus needs --url URL and at least one --query");
        var unknown = CliRun.run("train", "--from", "influx", "--out", dir.toString());
        assertThat(unknown.err()).contains("--from influx: use csv or prometheus");
        var missing = CliRun.run("train", "--from", "csv", "--input", dir.resolve("none.csv").toString(), "--out",
                dir.toString());
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void explanation_namesTheMetricsThatMadeItAnomalous() {
        Random r = new Random(4);
        // An entity of five metrics; then one of them (errors) jumps while the others stay typical.
        double[][] rows = new double[3000][];
        for (int i = 0; i < rows.length; i++) {
            double load = 50 + 20 * r.nextGaussian();
            rows[i] = new double[] {load, 0.4 * load + r.nextGaussian(), 200 + 5 * r.nextGaussian(),
                    1 + 0.2 * r.nextGaussian(), 0.2 * load + r.nextGaussian()};
        }
        ForestTrainer.Trained t = ForestTrainer.defaults().fit(rows, 5);
        var m = new ForestModels.Model("entity", "api", List.of("requests", "cpu", "memory", "errors", "threads"),
                t.threshold(), t.center(), t.scale(), t.tail(), t.rowsUsed(), t.rowsExcluded(), t.forest());
        double[] x = {52, 21, 201, 4.5, 10};
        List<ForestExplainer.Contribution> why = ForestExplainer.explain(m, x, 3);
        assertThat(why).hasSizeLessThanOrEqualTo(3);
        assertThat(why.get(0).feature()).isEqualTo("errors");
        assertThat(why.get(0).value()).isEqualTo(4.5);
        assertThat(why.get(0).typical()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.1));
        if (why.size() > 1) {
            assertThat(why.get(0).drop()).as("errors explains far more than the rest")
                    .isGreaterThan(5 * why.get(1).drop());
        }
        assertThat(why).extracting(ForestExplainer.Contribution::drop).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        // A typical vector has nothing to explain away.
        assertThat(ForestExplainer.explain(m, t.center(), 3)).allSatisfy(c -> assertThat(c.drop()).isLessThan(0.05));
    }
}
