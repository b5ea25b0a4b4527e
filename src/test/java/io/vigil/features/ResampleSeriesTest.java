package io.vigil.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.FeatureConfig;
import io.vigil.model.GridPoint;
import io.vigil.model.MetricSample;
import io.vigil.model.OlderFormats;
import io.vigil.pipeline.OutputTags;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
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

    /**
     * A backlog: every sample of 300 steps in before one watermark (a job catching up) closes the
     * same steps, in the same order, as a watermark after every step; each step's timer closes its
     * own step.
     */
    @Test
    void backlogUnderOneWatermark_closesTheSameStepsAsStepByStep() throws Exception {
        java.util.Random r = new java.util.Random(3);
        List<MetricSample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (r.nextInt(10) == 0) {
                continue; // a gap
            }
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                samples.add(sample(T0 + i * STEP + r.nextInt((int) STEP), r.nextGaussian()));
            }
        }
        samples.sort(java.util.Comparator.comparingLong(MetricSample::timestampMs));
        var stepwise = harness();
        stepwise.open();
        long lastStep = Long.MIN_VALUE;
        for (MetricSample m : samples) {
            long step = CONFIG.stepOf(m.timestampMs());
            if (step > lastStep && lastStep != Long.MIN_VALUE) {
                stepwise.processWatermark(step - 1);
            }
            lastStep = step;
            stepwise.processElement(m, m.timestampMs());
        }
        stepwise.processWatermark(T0 + 400 * STEP);
        var backlog = harness();
        backlog.open();
        for (MetricSample m : samples) {
            backlog.processElement(m, m.timestampMs());
        }
        backlog.processWatermark(T0 + 400 * STEP);

        List<GridPoint> expected = stepwise.extractOutputValues();
        assertThat(expected).hasSizeGreaterThan(290);
        assertThat(backlog.extractOutputValues()).isEqualTo(expected);
        assertThat(backlog.numKeyedStateEntries()).as("nothing pending").isEqualTo(stepwise.numKeyedStateEntries());
        stepwise.close();
        backlog.close();
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

    /**
     * A savepoint of the layout that kept the series' metric and labels inside the cursor
     * ({@code resample-cursor-v2}, written here as that release wrote it: cursor, open step, step
     * timer) restores: the open step closes with the series' name and labels, and the old cursor is
     * moved into the current layout, so the series later ends with nothing left.
     */
    @Test
    void cursorSavedWithItsIdentity_restoresAndSplits() throws Exception {
        for (StateBackend backend : List.of(new EmbeddedRocksDBStateBackend(), new HashMapStateBackend())) {
            assertRestoresNamed(new CursorV2Writer(), backend, ResampleSeries.LEGACY_CURSOR_STATE);
        }
    }

    /**
     * A series saved with its identity in a value of its own (and its per-sample value in format 1,
     * without it) restores on both backends: its open step closes named, the identity moves into
     * the one value, and when the series ends nothing is left.
     */
    @Test
    void identitySavedApart_restoresIntoTheOneValue() throws Exception {
        for (StateBackend backend : List.of(new EmbeddedRocksDBStateBackend(), new HashMapStateBackend())) {
            assertRestoresNamed(new IdentityApartWriter(), backend, ResampleSeries.LEGACY_IDENTITY_STATE);
        }
    }

    /**
     * {@code writer}'s savepoint of one series with a step open restores into the resampler: the
     * old value {@code legacy} is gone after the series' first sample, both steps close with the
     * series' name and labels, and when the series ends none of the resampler's states holds it.
     */
    private static void assertRestoresNamed(
            org.apache.flink.streaming.api.functions.KeyedProcessFunction<String, MetricSample, GridPoint> writer,
            StateBackend backend, String legacy) throws Exception {
        Map<String, String> labels = Map.of("host", "a", "job", "node");
        MetricSample s = new MetricSample("cpu{host=\"a\",job=\"node\"}", "cpu", labels, T0 + 10_000, 7, false);
        var old = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(writer),
                MetricSample::series, Types.STRING);
        old.setStateBackend(backend);
        old.setup();
        old.open();
        old.processElement(s, s.timestampMs());
        OperatorSubtaskState snapshot = old.snapshot(1L, s.timestampMs());
        old.close();

        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ResampleSeries(CONFIG, OutputTags.LATE_SAMPLES)),
                MetricSample::series, Types.STRING);
        h.setStateBackend(backend);
        h.setup();
        h.initializeState(snapshot);
        h.open();
        h.processElement(new MetricSample(s.series(), "cpu", labels, T0 + STEP + 1_000, 9, false), T0 + STEP + 1_000);
        assertThat(keys(h, legacy)).as("%s moved at the series' first sample", legacy).isZero();
        h.processWatermark(T0 + 2 * STEP - 1);
        assertThat(h.extractOutputValues()).extracting(GridPoint::value).containsExactly(7.0, 9.0);
        assertThat(h.extractOutputValues()).allSatisfy(p -> {
            assertThat(p.metric()).isEqualTo("cpu");
            assertThat(p.labels()).isEqualTo(labels);
        });
        h.processWatermark(T0 + STEP + 1_000 + CONFIG.seriesExpiry().toMillis());
        List<GridPoint> out = h.extractOutputValues();
        assertThat(out.get(out.size() - 1).end()).isTrue();
        assertThat(out.get(out.size() - 1).labels()).isEqualTo(labels);
        for (String state : List.of(ResampleSeries.STATE, ResampleSeries.PENDING_STATE, ResampleSeries.LEGACY_CURSOR_STATE,
                ResampleSeries.LEGACY_IDENTITY_STATE)) {
            assertThat(keys(h, state)).as("%s after the series ended", state).isZero();
        }
        h.close();
    }

    /** How many series hold a value of {@code state} (either backend). */
    private static long keys(KeyedOneInputStreamOperatorTestHarness<String, MetricSample, GridPoint> h, String state) {
        return h.getOperator().getKeyedStateBackend()
                .getKeys(state, org.apache.flink.runtime.state.VoidNamespace.INSTANCE).count();
    }

    /** The layout before the identity moved into the per-sample value: format 1, identity apart. */
    static final class IdentityApartWriter extends org.apache.flink.streaming.api.functions.KeyedProcessFunction<
            String, MetricSample, GridPoint> {
        @Override
        public void processElement(MetricSample s, Context ctx, org.apache.flink.util.Collector<GridPoint> out)
                throws Exception {
            ResampleStateSerializer current = new ResampleStateSerializer();
            // Format 1 is format 2 without the identity's length and bytes at the end.
            var formatOne = OlderFormats.as(current, 1, (v, o) -> {
                var full = new org.apache.flink.core.memory.DataOutputSerializer(128);
                current.serialize(v, full);
                o.write(full.getSharedBuffer(), 0, full.length() - Integer.BYTES);
            });
            var state = getRuntimeContext().getState(new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                    ResampleSeries.STATE, formatOne));
            var identity = getRuntimeContext().getState(new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                    ResampleSeries.LEGACY_IDENTITY_STATE, Types.POJO(SeriesIdentity.class)));
            long step = CONFIG.stepOf(s.timestampMs());
            identity.update(new SeriesIdentity(s.metric(), s.labels()));
            state.update(ResampleState.of(SeriesCursor.start(null, null, false).seen(s.timestampMs()), null)
                    .withInline(StepAccumulator.first(step, s.timestampMs(), s.value())));
            ctx.timerService().registerEventTimeTimer(step + STEP - 1);
        }
    }

    /** What the resampler saved before the cursor's identity moved apart: the cursor whole, under v2. */
    static final class CursorV2Writer extends org.apache.flink.streaming.api.functions.KeyedProcessFunction<String,
            MetricSample, GridPoint> {
        @Override
        public void processElement(MetricSample s, Context ctx, org.apache.flink.util.Collector<GridPoint> out)
                throws Exception {
            var cursor = getRuntimeContext().getState(new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                    ResampleSeries.LEGACY_CURSOR_STATE, Types.POJO(SeriesCursor.class)));
            var pending = getRuntimeContext().getMapState(new org.apache.flink.api.common.state.MapStateDescriptor<>(
                    ResampleSeries.PENDING_STATE, Types.LONG, Types.POJO(StepAccumulator.class)));
            long step = CONFIG.stepOf(s.timestampMs());
            pending.put(step, StepAccumulator.first(step, s.timestampMs(), s.value()));
            ctx.timerService().registerEventTimeTimer(step + STEP - 1);
            cursor.update(SeriesCursor.start(s.metric(), s.labels(), false).seen(s.timestampMs()));
        }
    }
}
