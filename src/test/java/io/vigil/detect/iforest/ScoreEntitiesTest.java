package io.vigil.detect.iforest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.model.GridPoint;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The entity forests in the stream: a restore in the middle of a fault, with a step half collected,
 * keeps the pending step and the recent exceedances, so the fault is reported as without the restart.
 */
class ScoreEntitiesTest {
    static final long STEP = 300_000;
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final String CPU = "cpu{service=\"api\"}";
    static final String LATENCY = "latency{service=\"api\"}";
    static final int STEPS = 120;
    /** Steps whose latency no longer follows the load: a combination the forest has never seen. */
    static final int FAULT_FROM = 80;
    static final int FAULT_TO = 88;
    /** The snapshot: two fault steps scored, the third one's cpu point in, its latency not yet. */
    static final int CUT = FAULT_FROM + 2;

    @TempDir
    Path dir;

    static double load(Random r) {
        return 50 + 10 * r.nextGaussian();
    }

    /** The entity's trained model: latency follows cpu (2x plus noise). */
    void train() throws Exception {
        Random r = new Random(9);
        double[][] rows = new double[2000][];
        for (int i = 0; i < rows.length; i++) {
            double cpu = load(r);
            rows[i] = new double[] {cpu, 2 * cpu + r.nextGaussian()};
        }
        ForestTrainer.Trained t = ForestTrainer.defaults().fit(rows, 3);
        ForestModels.save(dir, List.of(t.model("entity", "api", List.of(CPU, LATENCY), 0)), "test", 0.01);
    }

    static GridPoint point(String series, int step, double v) {
        String metric = series.substring(0, series.indexOf('{'));
        return new GridPoint(series, metric, Map.of("service", "api"), T0 + step * STEP, v, false, false);
    }

    /** Per step: cpu, then latency. */
    static List<GridPoint> points() {
        Random r = new Random(10);
        List<GridPoint> out = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            double cpu = load(r);
            boolean fault = i >= FAULT_FROM && i < FAULT_TO;
            out.add(point(CPU, i, cpu));
            out.add(point(LATENCY, i, fault ? 0.6 * cpu + r.nextGaussian() : 2 * cpu + r.nextGaussian()));
        }
        return out;
    }

    KeyedOneInputStreamOperatorTestHarness<String, GridPoint, ScoredPoint> harness() throws Exception {
        VigilConfig cfg = ConfigLoader.load(null, Map.of("detect.iforest.models", dir.toString(), "features.step", "5m"));
        IsolationConfig c = IsolationModule.settings(cfg.detect());
        double alarmRate = cfg.detect().calibration().falseAlarmsPerDay() * STEP / 86_400_000.0;
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ScoreEntities(c,
                cfg.detect().threshold(), STEP, alarmRate, cfg.correlate().serviceLabels(), WallClock.fixed(0))),
                (GridPoint p) -> p.labels().get("service"), Types.STRING);
        h.setup();
        return h;
    }

    /** Points in order; after each step's latency the watermark closes the step. */
    static void feed(KeyedOneInputStreamOperatorTestHarness<String, GridPoint, ScoredPoint> h, List<GridPoint> ps)
            throws Exception {
        for (GridPoint p : ps) {
            h.processElement(p, p.timestampMs());
            if (p.series().equals(LATENCY)) {
                h.processWatermark(p.timestampMs() + STEP - 1);
            }
        }
    }

    @Test
    void snapshotRestore_midFaultWithAPendingStep_reportsTheFaultAsUninterrupted() throws Exception {
        train();
        List<GridPoint> all = points();
        int cut = 2 * CUT + 1; // the cut step's cpu point is in, its latency is not

        var uninterrupted = harness();
        uninterrupted.open();
        feed(uninterrupted, all);
        List<ScoredPoint> whole = uninterrupted.extractOutputValues();
        assertThat(uninterrupted.numKeyedStateEntries()).as("only the recent-exceedance bits remain").isEqualTo(1);
        assertThat(uninterrupted.numEventTimeTimers()).isZero();
        uninterrupted.close();
        List<Long> faultSteps = whole.stream().map(ScoredPoint::timestampMs)
                .filter(t -> t >= T0 + FAULT_FROM * STEP && t < T0 + FAULT_TO * STEP).toList();
        assertThat(faultSteps).as("3 of 5 steps: from the fault's third step on").isNotEmpty()
                .allMatch(t -> t >= T0 + (FAULT_FROM + 2) * STEP);

        var first = harness();
        first.open();
        feed(first, all.subList(0, cut));
        assertThat(first.numEventTimeTimers()).as("the half-collected step's timer").isEqualTo(1);
        OperatorSubtaskState snapshot = first.snapshot(1L, all.get(cut - 1).timestampMs());
        List<ScoredPoint> before = first.extractOutputValues();
        first.close();

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        assertThat(restored.numEventTimeTimers()).isEqualTo(1);
        feed(restored, all.subList(cut, all.size()));
        List<ScoredPoint> after = restored.extractOutputValues();
        restored.close();

        List<ScoredPoint> resumed = new ArrayList<>(before);
        resumed.addAll(after);
        // Timestamps, scores and the contributors that explain them: exactly the same.
        assertThat(resumed).isEqualTo(whole);
        assertThat(after).as("the fault is reported after the restore").isNotEmpty()
                .allSatisfy(p -> assertThat(p.entity()).isEqualTo("api"));
        assertThat(after.get(0).contributors()).extracting(io.vigil.model.Contributor::series).contains(LATENCY);
    }
}
