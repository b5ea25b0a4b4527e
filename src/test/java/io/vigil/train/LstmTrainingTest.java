package io.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectEngine;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.SeriesDetector;
import io.vigil.detect.StoreSeeds;
import io.vigil.detect.lstm.LstmFamilies;
import io.vigil.detect.lstm.LstmKind;
import io.vigil.detect.lstm.LstmModel;
import io.vigil.detect.lstm.LstmState;
import io.vigil.detect.store.ModelStore;
import io.vigil.detect.store.StoreExpectation;
import io.vigil.detect.store.StoreManifest;
import io.vigil.detect.store.StoreVersion;
import io.vigil.features.TimeFeatures;
import io.vigil.model.FeatureVector;
import io.vigil.model.WallClock;

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
 * {@code vigil train} with {@code detect.lstm} on: the family's network is fitted from the history
 * and published in the version beside the seeds, and each series' seed carries its recurrent state
 * under that network, so a job reading the store scores the series' next point warm.
 */
class LstmTrainingTest {
    static final long T0 = 1_767_225_600_000L;
    static final long STEP = 60_000;
    static final int N = 2_400;

    @TempDir
    Path dir;

    static HistorySeries series(int id) {
        Random r = new Random(id);
        long[] ts = new long[N];
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            ts[i] = T0 + i * STEP;
            v[i] = 100 + 20 * id + 8 * Math.sin(2 * Math.PI * i / 24 + id) + 0.3 * r.nextGaussian();
        }
        Map<String, String> labels = Map.of("service", "osc", "pod", "p" + id);
        return new HistorySeries("osc{pod=\"p" + id + "\",service=\"osc\"}", "osc", labels, ts, v, new boolean[N]);
    }

    @Test
    void train_publishesTheFamilysNetwork_andSeedsThatScoreTheNextPointWarm() throws Exception {
        VigilConfig cfg = ConfigLoader.load(null, Map.of("detect.lstm.enabled", "true", "detect.lstm.stream-fit",
                "false"));
        List<HistorySeries> histories = new ArrayList<>();
        for (int id = 0; id < 3; id++) {
            histories.add(series(id));
        }
        String store = dir.resolve("store").toString();
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        StoreManifest m = SeedTraining.run(cfg, DetectorModules.standard(),
                new SeedTraining.Input(histories, "test", (h, t) -> false), store, 2, 2, WallClock.system(), quiet);
        assertThat(m.quality().get("lstm_networks")).isEqualTo(1.0);
        assertThat(m.detectors()).containsEntry("lstm", "detector-lstm-v1");

        StoreVersion v = ModelStore.loadCurrent(store, new StoreExpectation(STEP, Map.of(), Map.of()));
        List<LstmModel> nets = LstmModel.decodeAll(v.file(LstmFamilies.STORE_FILE), "models.bin");
        assertThat(nets).singleElement().satisfies(n -> {
            assertThat(n.family()).isEqualTo("osc/osc");
            assertThat(n.rmse()).isLessThan(n.naiveRmse());
        });

        VigilConfig job = cfg.withDetect(cfg.detect().withModels(store));
        DetectEngine engine = new DetectEngine(DetectorModules.standard(), DetectorContext.of(job));
        long next = T0 + N * STEP;
        DetectEngine.SeriesModels seeded = StoreSeeds.open(engine, WallClock.system())
                .next(histories.get(1).series(), next, null);
        assertThat(seeded).as("the series' seed").isNotNull();
        int k = engine.kinds().indexOf(engine.kinds().stream().filter(x -> x.name().equals("lstm")).findFirst()
                .orElseThrow());
        LstmState state = (LstmState) seeded.detectorState(k);
        assertThat(state.modelId()).isEqualTo(nets.get(0).id());
        assertThat(state.steps()).isGreaterThan(N - 100);

        // The job's kind reads the network from the store itself and goes on where the seed ended.
        SeriesDetector<LstmState> d = ((LstmKind) engine.kinds().get(k)).restore(state);
        double angle = TimeFeatures.hourAngle(next);
        double value = 120 + 8 * Math.sin(2 * Math.PI * N / 24 + 1);
        FeatureVector p = new FeatureVector(histories.get(1).series(), "osc", histories.get(1).labels(), next, value,
                false, false, new double[0], new double[0], new double[0], Double.NaN, Math.sin(angle),
                Math.cos(angle), 0, 1, 0, N);
        var verdict = d.score(p);
        assertThat(verdict.warm()).isTrue();
        assertThat(verdict.deviation()).as("the oscillation's next value, in noise units").isLessThan(4);
    }
}
