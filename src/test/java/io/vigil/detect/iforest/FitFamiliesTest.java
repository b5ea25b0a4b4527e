package io.vigil.detect.iforest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.SharedModel;
import io.vigil.features.FeatureWindow;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.testing.RestoredRuns;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The in-stream family fit: a restore keeps the family's sample and schedule, so the next fit is the same. */
class FitFamiliesTest {
    static final long STEP = 300_000;
    static final long DAY = 86_400_000L;
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z

    final VigilConfig cfg = ConfigLoader.load(null, Map.of("detect.iforest.families", "true",
            "detect.iforest.min-rows", "256", "detect.iforest.sample-size", "1024", "features.step", "5m"));
    final IsolationConfig iforest = IsolationModule.settings(cfg.detect());

    FamilyFitting fitting() {
        return new FamilyFitting(iforest.sampleSize(), iforest.minRows(), iforest.refitEvery().toMillis(),
                iforest.contamination(), FamilyVectors.names(cfg.features().lagSteps(), cfg.features().windowSteps()));
    }

    /** Two series of one family (service "cart"), three days of clean rows, in time order. */
    List<FamilyRow> rows() {
        Map<String, FeatureWindow> windows = Map.of("a", new FeatureWindow(cfg.features()), "b",
                new FeatureWindow(cfg.features()));
        Random r = new Random(5);
        List<FamilyRow> out = new ArrayList<>();
        for (long t = T0; t < T0 + 3 * DAY; t += STEP) {
            for (String pod : List.of("a", "b")) {
                double v = 50 + 20 * Math.sin(2 * Math.PI * (t % DAY) / DAY) + r.nextGaussian();
                Map<String, String> labels = Map.of("service", "cart", "pod", pod);
                FeatureVector fv = windows.get(pod).next(new GridPoint("cpu{pod=\"" + pod + "\",service=\"cart\"}",
                        "cpu", labels, t, v, false, false));
                double[] x = FamilyFitting.cleanVector(fv, false, false);
                if (x != null) {
                    out.add(new FamilyRow(TrainingData.familyKey("cpu", labels, iforest.familyLabel()), fv.series(), t, x));
                }
            }
        }
        return out;
    }

    KeyedOneInputStreamOperatorTestHarness<String, FamilyRow, SharedModel> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FitFamilies(fitting())),
                FamilyRow::family, Types.STRING);
        h.setup();
        return h;
    }

    @Test
    void snapshotRestore_betweenFits_nextFitAtTheSameTimeFromTheSameSample() throws Exception {
        List<FamilyRow> rows = rows();
        int cut = 0;
        while (rows.get(cut).timestampMs() < T0 + DAY + DAY / 2) { // after the first fit, before the second
            cut++;
        }

        RestoredRuns<SharedModel> runs = RestoredRuns.of(this::harness, rows, cut, FamilyRow::timestampMs);
        List<StreamRecord<? extends SharedModel>> whole = runs.whole();
        List<StreamRecord<? extends SharedModel>> after = runs.afterRestore();
        assertThat(whole).as("a fit after the first day, another after the second").hasSize(2);
        assertThat(runs.beforeSnapshot()).hasSize(1);
        assertThat(after).hasSize(1);
        StreamRecord<? extends SharedModel> expected = whole.get(1);
        assertThat(after.get(0).getTimestamp()).as("fitted at the same event time").isEqualTo(expected.getTimestamp());
        SharedModel a = after.get(0).getValue();
        SharedModel e = expected.getValue();
        assertThat(a.detector()).isEqualTo(IsolationModule.NAME);
        assertThat(a.key()).isEqualTo(e.key()).isEqualTo("cpu/cart");
        // Same rows, same fit count (the seed), one thread: the forest is bit for bit the same.
        assertThat(a.bytes()).isEqualTo(e.bytes());
        ForestModels.Model m = ModelBytes.read(a.bytes(), "restored fit");
        assertThat(m.rowsUsed() + m.rowsExcluded()).as("the whole restored sample").isEqualTo(iforest.sampleSize());
    }
}
