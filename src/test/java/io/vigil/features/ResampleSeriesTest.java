package io.vigil.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.FeatureConfig;
import io.vigil.model.GridPoint;
import io.vigil.model.MetricSample;
import io.vigil.pipeline.OutputTags;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** Resampling in event time: steps close on the watermark, late samples go aside, silent series end. */
class ResampleSeriesTest {
    static final FeatureConfig CONFIG = ConfigLoader.defaults().features();
    static final long STEP = CONFIG.stepMs();
    static final long T0 = 1_700_000_040_000L / STEP * STEP;

    static MetricSample sample(long ts, double v) {
        return new MetricSample("cpu{}", "cpu", Map.of(), ts, v, false);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, MetricSample, GridPoint> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ResampleSeries(CONFIG, OutputTags.LATE_SAMPLES)),
                MetricSample::series, Types.STRING);
        h.setup();
        return h;
    }

    @Test
    void steps_closeOnWatermark_lateAside_silentSeriesEndsAndClears() throws Exception {
        var h = harness();
        h.open();
        h.processElement(sample(T0 + 10_000, 10), T0 + 10_000);
        h.processElement(sample(T0 + 40_000, 20), T0 + 40_000);
        h.processElement(sample(T0 + STEP + 5_000, 30), T0 + STEP + 5_000);
        h.processWatermark(T0 + STEP - 1);
        assertThat(h.extractOutputValues()).extracting(GridPoint::value).containsExactly(15.0);
        h.processElement(sample(T0 + 20_000, 99), T0 + 20_000); // its step has closed: late
        assertThat(h.getSideOutput(OutputTags.LATE_SAMPLES)).extracting(StreamRecord::getValue)
                .extracting(MetricSample::value).containsExactly(99.0);
        h.processWatermark(T0 + 2 * STEP - 1);
        assertThat(h.extractOutputValues()).extracting(GridPoint::value).containsExactly(15.0, 30.0);

        h.processWatermark(T0 + STEP + 5_000 + CONFIG.seriesExpiry().toMillis());
        List<GridPoint> out = h.extractOutputValues();
        assertThat(out.get(out.size() - 1).end()).as("end marker after expiry").isTrue();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void snapshotRestore_pendingStepClosesAfterRestore() throws Exception {
        var h = harness();
        h.open();
        h.processElement(sample(T0 + 10_000, 4), T0 + 10_000);
        h.processElement(sample(T0 + 20_000, 6), T0 + 20_000);
        OperatorSubtaskState snapshot = h.snapshot(1L, T0);
        h.close();

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        restored.processWatermark(T0 + STEP - 1);
        assertThat(restored.extractOutputValues()).extracting(GridPoint::value).containsExactly(5.0);
        restored.close();
    }
}
