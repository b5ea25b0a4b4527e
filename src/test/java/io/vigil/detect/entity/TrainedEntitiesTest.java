package io.vigil.detect.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.store.ModelStore;
import io.vigil.detect.store.StoreManifest;
import io.vigil.detect.store.StoreVersion;
import io.vigil.model.SeriesIds;
import io.vigil.model.WallClock;
import io.vigil.train.HistorySeries;
import io.vigil.train.SeedTraining;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training publishes each judged entity's relation model beside its series' seeds: two days of a
 * host of eight series (two moving together) give a fitted model whose groups join the pair; a host
 * too small to be judged gets none; the version is one the stage accepts.
 */
class TrainedEntitiesTest {
    static final long STEP = 60_000;
    static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;

    @Test
    void training_publishesTheRelationModelsOfJudgedEntities() throws Exception {
        VigilConfig cfg = ConfigLoader.defaults();
        Random r = new Random(5);
        int steps = 2 * 1440;
        List<HistorySeries> histories = new ArrayList<>();
        double[][] values = new double[11][steps];
        for (int t = 0; t < steps; t++) {
            double shared = r.nextGaussian();
            for (int i = 0; i < 11; i++) {
                double u = i <= 1 ? shared + 0.05 * r.nextGaussian() : r.nextGaussian();
                values[i][t] = 100 + 10 * Math.sin(2 * Math.PI * t / 1440.0) + u;
            }
        }
        for (int i = 0; i < 11; i++) {
            Map<String, String> labels = Map.of("instance", i < 8 ? "big" : "small");
            long[] ts = new long[steps];
            for (int t = 0; t < steps; t++) {
                ts[t] = T0 + t * STEP + 7_000;
            }
            histories.add(new HistorySeries(SeriesIds.of("m" + i, labels), "m" + i, labels, ts, values[i],
                    new boolean[steps]));
        }
        String store = dir.resolve("store").toString();
        StoreManifest m = SeedTraining.run(cfg, DetectorModules.standard(), new SeedTraining.Input(histories, "test",
                (h, t) -> false), store, 2, 2, WallClock.system(), new PrintWriter(Writer.nullWriter()));

        assertThat(m.quality()).containsEntry("entities", 1.0);
        assertThat(m.files()).extracting(StoreManifest.FileEntry::name).contains(EntitySeeds.FILE);
        EntityConfig c = EntityModule.settings(cfg.detect());
        StoreVersion v = ModelStore.loadCurrent(store, EntitySeeds.expectation(c, STEP,
                cfg.detect().calibration()));
        Map<String, EntitySeeds.EntitySeed> seeds = EntitySeeds.decode(v.file(EntitySeeds.FILE), EntitySeeds.FILE);
        assertThat(seeds).containsOnlyKeys("instance=big");
        EntitySeeds.EntitySeed big = seeds.get("instance=big");
        assertThat(big.fit().members()).hasSize(8);
        assertThat(big.fit().n()).as("fitted on the history").isEqualTo(8);
        assertThat(big.fit().groupOf(0)).as("the pair that moves together is one witness")
                .isEqualTo(big.fit().groupOf(1));
        assertThat(big.fit().groupOf(2)).isNotEqualTo(big.fit().groupOf(0));
        assertThat(big.untilMs()).isEqualTo(T0 + (steps - 1) * STEP);
        assertThat(big.learning().calibration().seen()).as("its D² tail learned").isPositive();
    }
}
