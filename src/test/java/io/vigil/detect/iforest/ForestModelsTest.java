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
        var model = new ForestModels.Model("entity", "api", List.of("cpu", "latency"), t.threshold(), t.rowsUsed(),
                t.rowsExcluded(), t.forest());
        ForestModels.save(dir, List.of(model), "test", 0.01);
        ForestModels.Model back = ForestModels.load(dir).get(0);
        assertThat(back.key()).isEqualTo("api");
        assertThat(back.features()).containsExactly("cpu", "latency");
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
        assertThat(r.err()).contains("--from prometheus is not supported yet");
        var missing = CliRun.run("train", "--from", "csv", "--input", dir.resolve("none.csv").toString(), "--out",
                dir.toString());
        assertThat(missing.err()).contains("no such file");
    }
}
