package io.vigil.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.FeatureConfig;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The feature operator: a restore continues the rolling windows exactly, an end marker clears the series. */
class ComputeFeaturesTest {
    static final FeatureConfig CONFIG = ConfigLoader.defaults().features();
    static final long STEP = CONFIG.stepMs();
    static final long T0 = 1_700_000_040_000L / STEP * STEP;
    /** Points per series; the snapshot is taken after {@link #CUT} of them. */
    static final int N = 400;
    static final int CUT = 150;

    static GridPoint point(String service, int i, double v) {
        return new GridPoint("cpu{service=\"" + service + "\"}", "cpu", Map.of("service", service), T0 + i * STEP, v,
                i % 37 == 0, false);
    }

    /** Two series, interleaved step by step: a slow cycle with noise and the odd spike. */
    static List<GridPoint> points() {
        Random r = new Random(17);
        List<GridPoint> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            out.add(point("a", i, 50 + 10 * Math.sin(i / 30.0) + r.nextGaussian() + (i % 97 == 0 ? 25 : 0)));
            out.add(point("b", i, 200 + 3 * r.nextGaussian()));
        }
        return out;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, GridPoint, FeatureVector> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ComputeFeatures(CONFIG)),
                GridPoint::series, Types.STRING);
        h.setup();
        return h;
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, GridPoint, FeatureVector> h, List<GridPoint> ps)
            throws Exception {
        for (GridPoint p : ps) {
            h.processElement(p, p.timestampMs());
        }
    }

    @Test
    void snapshotRestore_featuresAfterRestoreEqualAnUninterruptedRun() throws Exception {
        List<GridPoint> all = points();
        List<GridPoint> before = all.subList(0, 2 * CUT);
        List<GridPoint> after = all.subList(2 * CUT, all.size());

        var uninterrupted = harness();
        uninterrupted.open();
        feed(uninterrupted, all);
        List<FeatureVector> expected = uninterrupted.extractOutputValues().subList(2 * CUT, all.size());
        uninterrupted.close();

        var first = harness();
        first.open();
        feed(first, before);
        assertThat(first.numKeyedStateEntries()).as("one window per series").isEqualTo(2);
        OperatorSubtaskState snapshot = first.snapshot(1L, T0 + CUT * STEP);
        first.close();

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        feed(restored, after);
        List<FeatureVector> actual = restored.extractOutputValues();
        restored.close();

        assertThat(actual).hasSize(expected.size());
        FeatureVector firstAfter = actual.get(0);
        assertThat(firstAfter.history()).as("the history survives the restore").isEqualTo(CUT);
        assertThat(firstAfter.lags()).doesNotContain(Double.NaN);
        assertThat(firstAfter.rollingStd()).doesNotContain(Double.NaN);
        // Arrays compared element by element, doubles by Double.equals: exactly, not approximately.
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).as("feature vector %d after the restore", i)
                    .usingRecursiveComparison().isEqualTo(expected.get(i));
        }
    }

    @Test
    void endMarker_clearsTheSeriesWindow_andIsPassedOn() throws Exception {
        var h = harness();
        h.open();
        feed(h, points().subList(0, 40));
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);

        GridPoint endA = GridPoint.endOf("cpu{service=\"a\"}", "cpu", Map.of("service", "a"), T0 + 20 * STEP);
        h.processElement(endA, endA.timestampMs());
        assertThat(h.numKeyedStateEntries()).as("b keeps its window").isEqualTo(1);
        FeatureVector marker = h.extractOutputValues().get(40);
        assertThat(marker.end()).isTrue();
        assertThat(marker.series()).isEqualTo(endA.series());
        assertThat(marker.history()).isZero();

        // The series comes back: it starts from an empty history.
        GridPoint again = point("a", 30, 55);
        h.processElement(again, again.timestampMs());
        assertThat(h.extractOutputValues().get(41).history()).isZero();
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);

        GridPoint endAgain = GridPoint.endOf(again.series(), "cpu", again.labels(), T0 + 31 * STEP);
        GridPoint endB = GridPoint.endOf("cpu{service=\"b\"}", "cpu", Map.of("service", "b"), T0 + 31 * STEP);
        h.processElement(endAgain, endAgain.timestampMs());
        h.processElement(endB, endB.timestampMs());
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
