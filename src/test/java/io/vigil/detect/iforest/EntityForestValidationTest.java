package io.vigil.detect.iforest;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.demo.ScenarioFiles;
import io.vigil.eval.LabelFile;
import io.vigil.eval.LabelledIncident;
import io.vigil.testing.CliRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's validation item on the generated shop: entity forests trained by {@code vigil train}
 * on 72 h (seed 1, its labelled faults left out) find the labelled faults of another 24 h (seed 2)
 * while flagging few steps outside them. Also: the written models load and score as trained.
 */
class EntityForestValidationTest {
    @TempDir
    Path dir;

    @Test
    void trainedOnOneShop_findsTheLabelledFaultsOfAnother() throws Exception {
        ScenarioFiles.write(dir.resolve("train"), 72, 1, h -> { });
        ScenarioFiles.write(dir.resolve("test"), 24, 2, h -> { });
        String out = CliRun.ok("train", "--forests", "--from", "csv", "--input", dir.resolve("train/metrics.csv").toString(),
                "--labels", dir.resolve("train/labels.csv").toString(), "--out", dir.resolve("models").toString());
        assertThat(out).contains("36 forest models");
        VigilConfig cfg = ConfigLoader.defaults();
        List<ForestModels.Model> models = ModelDirectory.open(dir.resolve("models").toString(),
                cfg.features().stepMs(), Long.MAX_VALUE).models();
        assertThat(models).anySatisfy(m -> assertThat(m.kind()).isEqualTo("family"));
        List<ForestModels.Model> entities = models.stream().filter(m -> m.kind().equals("entity")).toList();
        assertThat(entities).hasSize(6);
        assertThat(entities).allSatisfy(m -> assertThat(m.rowsExcluded()).isPositive());

        TrainingData test = TrainingData.read(dir.resolve("test/metrics.csv"), cfg.features(),
                new PrintWriter(new StringWriter()));
        Map<String, TrainingData.Rows> rows = test.entityRows("service", (s, t) -> false);
        List<LabelledIncident> faults = LabelFile.read(dir.resolve("test/labels.csv"));
        int found = 0;
        long outside = 0;
        long flaggedOutside = 0;
        for (LabelledIncident f : faults) {
            boolean hit = false;
            for (ForestModels.Model m : entities) {
                if (!f.concerns(m.key())) {
                    continue;
                }
                TrainingData.Rows r = rows.get(m.key());
                assertThat(r.features()).isEqualTo(m.features());
                for (int i = 0; i < r.rows().size() && !hit; i++) {
                    long t = r.times().get(i);
                    hit = t >= f.startMs() && t <= f.endMs() + 300_000 && m.normalised(r.rows().get(i)) >= 0.5;
                }
            }
            found += hit ? 1 : 0;
        }
        for (ForestModels.Model m : entities) {
            TrainingData.Rows r = rows.get(m.key());
            for (int i = 0; i < r.rows().size(); i++) {
                long t = r.times().get(i);
                boolean inFault = faults.stream().anyMatch(f -> f.concerns(m.key()) && t >= f.startMs() - 300_000
                        && t <= f.endMs() + 600_000);
                if (!inFault) {
                    outside++;
                    flaggedOutside += m.normalised(r.rows().get(i)) >= 0.5 ? 1 : 0;
                }
            }
        }
        double recall = (double) found / faults.size();
        double fpr = (double) flaggedOutside / outside;
        System.out.printf("entity forests on the 24 h shop (seed 2): %d of %d labelled faults found, %d of %d "
                + "entity-steps outside faults flagged (%.2f%%)%n", found, faults.size(), flaggedOutside, outside,
                100 * fpr);
        assertThat(recall).isGreaterThanOrEqualTo(0.8);
        assertThat(fpr).isLessThan(0.03);
    }
}
