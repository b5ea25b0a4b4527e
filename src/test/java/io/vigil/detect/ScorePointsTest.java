package io.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detect.iforest.FamilyFit;
import io.vigil.detect.iforest.FamilyFitting;
import io.vigil.detect.iforest.FamilyVectors;
import io.vigil.detect.iforest.IsolationConfig;
import io.vigil.detect.iforest.IsolationModule;
import io.vigil.detect.iforest.ModelBytes;
import io.vigil.features.FeatureWindow;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.model.ScoredPoint;
import io.vigil.testing.PojoSerializers;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The scoring operator: a restore from a snapshot scores every later point exactly as an
 * uninterrupted run does (detector models, calibrators, alert gate and shared models all come back),
 * and an end marker clears the series' keyed state.
 */
class ScorePointsTest {
    static final long STEP = 300_000;
    static final long DAY = 86_400_000L;
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final String SERIES = "requests{service=\"cart\"}";
    static final Map<String, String> LABELS = Map.of("service", "cart");
    /** ~10 days at 5 minutes: the seasonal model fits after two, the calibrators see thousands of points. */
    static final int N = 3000;
    static final int CUT = 1500;
    static final int SPIKE = 2200;

    static VigilConfig config(Map<String, String> extra) {
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("features.step", "5m"));
        overrides.putAll(extra);
        return ConfigLoader.load(null, overrides);
    }

    /** A daily request-rate curve with noise, through the feature window as the stream computes it. */
    static List<FeatureVector> features(VigilConfig cfg) {
        FeatureWindow window = new FeatureWindow(cfg.features());
        Random r = new Random(41);
        List<FeatureVector> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long t = T0 + i * STEP;
            double day = 2 * Math.PI * (t % DAY) / DAY;
            double v = 300 + 80 * Math.sin(day - 1.2) + 20 * Math.sin(2 * day) + 3 * r.nextGaussian()
                    + (i == SPIKE ? 120 : 0);
            out.add(window.next(new GridPoint(SERIES, "requests", LABELS, t, v, false, false)));
        }
        return out;
    }

    static KeyedBroadcastOperatorTestHarness<String, FeatureVector, SharedModel, ScoredPoint> harness(VigilConfig cfg)
            throws Exception {
        var function = new ScorePoints(new DetectEngine(DetectorModules.standard(), DetectorContext.of(cfg)));
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(function, List.of(ScorePoints.SHARED_MODELS)),
                FeatureVector::series, Types.STRING, 1, 1, 0);
    }

    static void feed(KeyedBroadcastOperatorTestHarness<String, FeatureVector, SharedModel, ScoredPoint> h,
            List<FeatureVector> ps) throws Exception {
        for (FeatureVector p : ps) {
            h.processElement(p, p.timestampMs());
        }
    }

    /** Every point's score from one scorer, never interrupted. */
    static List<ScoredPoint> uninterrupted(VigilConfig cfg, List<FeatureVector> points) throws Exception {
        var h = harness(cfg);
        h.open();
        feed(h, points);
        List<ScoredPoint> out = h.extractOutputValues();
        h.close();
        return out;
    }

    /** The (broadcast) scorer's snapshot after {@code points}. */
    static OperatorSubtaskState snapshotAfter(VigilConfig cfg, List<FeatureVector> points) throws Exception {
        var h = harness(cfg);
        h.open();
        feed(h, points);
        OperatorSubtaskState snapshot = h.snapshot(1L, points.get(points.size() - 1).timestampMs());
        h.close();
        return snapshot;
    }

    /** Every field of every point, exactly: Double.compare semantics, so NaN bands match NaN bands. */
    static void assertSameScores(List<ScoredPoint> actual, List<ScoredPoint> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            ScoredPoint a = actual.get(i);
            ScoredPoint e = expected.get(i);
            assertThat(a.timestampMs()).isEqualTo(e.timestampMs());
            assertThat(a.score()).as("score at %d", a.timestampMs()).isEqualTo(e.score());
            assertThat(a.expected()).as("expected at %d", a.timestampMs()).isEqualTo(e.expected());
            assertThat(a.lower()).as("lower at %d", a.timestampMs()).isEqualTo(e.lower());
            assertThat(a.upper()).as("upper at %d", a.timestampMs()).isEqualTo(e.upper());
            assertThat(a.anomalous()).as("anomalous at %d", a.timestampMs()).isEqualTo(e.anomalous());
            assertThat(a).isEqualTo(e); // direction and per-detector scores too
        }
    }

    @Test
    void snapshotRestore_laterPointsScoredExactlyAsUninterrupted_spikeFlaggedInBoth() throws Exception {
        VigilConfig cfg = config(Map.of());
        List<FeatureVector> points = features(cfg);

        List<ScoredPoint> whole = uninterrupted(cfg, points);

        OperatorSubtaskState snapshot = snapshotAfter(cfg, points.subList(0, CUT));

        var restored = harness(cfg);
        restored.initializeState(snapshot);
        restored.open();
        feed(restored, points.subList(CUT, N));
        List<ScoredPoint> after = restored.extractOutputValues();

        List<ScoredPoint> expected = whole.subList(CUT, N);
        // The restored models were warm at once: the first point after the restore has its band.
        assertThat(after.get(0).detectors()).containsKeys("seasonal", "robust");
        assertThat(after.get(0).expected()).isNotNaN();
        assertSameScores(after, expected);

        ScoredPoint spike = after.get(SPIKE - CUT);
        assertThat(spike.anomalous()).as("the injected spike, after the restore").isTrue();
        assertThat(whole.get(SPIKE).anomalous()).as("the injected spike, uninterrupted").isTrue();
        assertThat(spike.value()).isGreaterThan(spike.upper());
        long alarms = after.stream().filter(ScoredPoint::anomalous).count();
        assertThat(alarms).as("a handful of alarms around the spike, not a stream of them").isLessThan(10);
        restored.close();
    }

    /**
     * Without shared models the job scores with the one-input {@link ScoreSeries} (chained to the
     * feature stage); a savepoint taken by the broadcast scorer restores into it, and back, with
     * every later point scored as an uninterrupted run scores it.
     */
    @Test
    void oneInputScorer_restoresTheBroadcastScorersStateAndBack_scoresAsUninterrupted() throws Exception {
        VigilConfig cfg = config(Map.of());
        List<FeatureVector> points = features(cfg);
        List<ScoredPoint> whole = uninterrupted(cfg, points);

        OperatorSubtaskState fromBroadcast = snapshotAfter(cfg, points.subList(0, 1000));

        var alone = oneInputHarness(cfg);
        alone.initializeState(fromBroadcast);
        alone.open();
        for (FeatureVector p : points.subList(1000, 2000)) {
            alone.processElement(p, p.timestampMs());
        }
        List<ScoredPoint> middle = alone.extractOutputValues();
        OperatorSubtaskState fromAlone = alone.snapshot(2L, points.get(1999).timestampMs());
        alone.close();

        var back = harness(cfg);
        back.initializeState(fromAlone);
        back.open();
        feed(back, points.subList(2000, N));
        List<ScoredPoint> end = back.extractOutputValues();
        back.close();

        assertThat(middle.get(0).detectors()).containsKeys("seasonal", "robust");
        assertSameScores(middle, whole.subList(1000, 2000));
        assertSameScores(end, whole.subList(2000, N));
        assertThat(end.get(SPIKE - 2000).anomalous()).as("the injected spike").isTrue();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, FeatureVector, ScoredPoint> oneInputHarness(VigilConfig cfg)
            throws Exception {
        var function = new ScoreSeries(new DetectEngine(DetectorModules.standard(), DetectorContext.of(cfg)));
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                FeatureVector::series, Types.STRING, 1, 1, 0);
    }

    /** {@code h} (restored from {@code from} unless null) fed {@code ps}: its output, and its snapshot after. */
    record Fed(List<ScoredPoint> out, OperatorSubtaskState snapshot) {}

    static Fed feedOneInput(KeyedOneInputStreamOperatorTestHarness<String, FeatureVector, ScoredPoint> h,
            OperatorSubtaskState from, List<FeatureVector> ps) throws Exception {
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        for (FeatureVector p : ps) {
            h.processElement(p, p.timestampMs());
        }
        OperatorSubtaskState snapshot = h.snapshot(1L, ps.get(ps.size() - 1).timestampMs());
        List<ScoredPoint> out = h.extractOutputValues();
        h.close();
        return new Fed(out, snapshot);
    }

    /** The scorer's state after {@code ps} as written before the split: a keyed value per entry, each whole. */
    static OperatorSubtaskState separateValuesAfter(VigilConfig cfg, List<FeatureVector> ps,
            org.apache.flink.runtime.state.StateBackend backend) throws Exception {
        var old = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new WholeStateWriter(cfg)),
                FeatureVector::series, Types.STRING, 1, 1, 0);
        old.setStateBackend(backend);
        return feedOneInput(old, null, ps).snapshot();
    }

    /**
     * A savepoint from before the seasonal history was kept apart holds the whole seasonal state in
     * {@code detector-seasonal-v1} (written here as that release's scorer wrote it, from the same
     * engine in memory): it restores, every later point scores as an uninterrupted run scores it,
     * and the series' state is then kept in its two parts, the per-point one a third of the whole.
     */
    @Test
    void wholeSeasonalStateFromBeforeTheSplit_restoresAndScoresAsUninterrupted() throws Exception {
        VigilConfig cfg = config(Map.of());
        List<FeatureVector> points = features(cfg);
        List<ScoredPoint> whole = feedOneInput(oneInputHarness(cfg), null, points).out();
        OperatorSubtaskState snapshot = separateValuesAfter(cfg, points.subList(0, CUT),
                new org.apache.flink.runtime.state.hashmap.HashMapStateBackend());

        var restored = oneInputHarness(cfg);
        restored.initializeState(snapshot);
        restored.open();
        for (FeatureVector p : points.subList(CUT, N)) {
            restored.processElement(p, p.timestampMs());
        }
        assertSameScores(restored.extractOutputValues(), whole.subList(CUT, N));
        assertThat(restored.numKeyedStateEntries())
                .as("the entries moved into the series' one value; the seasonal history apart").isEqualTo(2);
        @SuppressWarnings("unchecked")
        var backend = (HeapKeyedStateBackend<String>) (HeapKeyedStateBackend<?>) ((AbstractStreamOperator<?>)
                restored.getOneInputOperator()).getKeyedStateBackend();
        backend.setCurrentKey(SERIES);
        ScoringState value = scoringState(backend, cfg);
        assertThat(value.get(KeyedScoring.GATE_STATE)).as("the gate moved in with the rest").isNotNull();
        var perPoint = (io.vigil.detect.seasonal.SeasonalState) value.get("detector-seasonal-v1");
        assertThat(perPoint.bucketMeans()).as("the history is no longer in the per-point value").isNull();
        var serializer = TypeInformation.of(io.vigil.detect.seasonal.SeasonalState.class)
                .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());
        assertThat(bytes(serializer, perPoint)).isLessThan(bytes(serializer, whole(cfg, points)) / 3);
        restored.close();
    }

    /** The scorer's one value of the backend's current key. */
    static ScoringState scoringState(HeapKeyedStateBackend<String> backend, VigilConfig cfg) throws Exception {
        DetectEngine engine = new DetectEngine(DetectorModules.standard(), DetectorContext.of(cfg));
        var config = new org.apache.flink.api.common.serialization.SerializerConfigImpl();
        java.util.Map<String, org.apache.flink.api.common.typeutils.TypeSerializer<Object>> serializers =
                new java.util.LinkedHashMap<>();
        KeyedScoring.entries(engine).forEach((name, type) -> serializers.put(name, type.createSerializer(config)));
        return backend.getPartitionedState(org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                new org.apache.flink.api.common.state.ValueStateDescriptor<>(KeyedScoring.STATE,
                        new ScoringStateSerializer(serializers))).value();
    }

    static <T> int bytes(org.apache.flink.api.common.typeutils.TypeSerializer<T> s, T value) throws Exception {
        var out = new org.apache.flink.core.memory.DataOutputSerializer(4096);
        s.serialize(value, out);
        return out.length();
    }

    /** The seasonal state of the series after every point, whole, from the engine in memory. */
    static io.vigil.detect.seasonal.SeasonalState whole(VigilConfig cfg, List<FeatureVector> points) {
        DetectEngine engine = new DetectEngine(DetectorModules.standard(), DetectorContext.of(cfg));
        DetectEngine.SeriesModels m = engine.fresh();
        for (FeatureVector p : points) {
            engine.score(p, m);
        }
        return (io.vigil.detect.seasonal.SeasonalState) m.detectorState(0);
    }

    /** The scorer's keyed state as it was written before the split: each kind's state whole, in one value. */
    static final class WholeStateWriter extends org.apache.flink.streaming.api.functions.KeyedProcessFunction<String,
            FeatureVector, ScoredPoint> {
        private final DetectEngine engine;
        private transient DetectEngine.SeriesModels models;

        WholeStateWriter(VigilConfig cfg) {
            this.engine = new DetectEngine(DetectorModules.standard(), DetectorContext.of(cfg));
        }

        @Override
        @SuppressWarnings("unchecked")
        public void processElement(FeatureVector p, Context ctx, org.apache.flink.util.Collector<ScoredPoint> out)
                throws Exception {
            if (models == null) {
                models = engine.fresh();
            }
            out.collect(engine.score(p, models).point());
            for (int i = 0; i < engine.kinds().size(); i++) {
                DetectorKind<?> k = engine.kinds().get(i);
                getRuntimeContext().getState(new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                        k.stateName(), PojoSerializers.<Object>of(k.stateClass()))).update(models.detectorState(i));
                getRuntimeContext().getState(new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                        KeyedScoring.calibrationState(k.name()),
                        PojoSerializers.<io.vigil.detect.calibrate.CalibrationState>of(
                                io.vigil.detect.calibrate.CalibrationState.class)))
                        .update(models.calibrationState(i));
            }
            getRuntimeContext().getState(new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                    KeyedScoring.GATE_STATE,
                    PojoSerializers.<io.vigil.detect.control.GateState>of(io.vigil.detect.control.GateState.class)))
                    .update(models.gate());
        }
    }

    /** What KeyedOneInputStreamOperatorTestHarness#numKeyedStateEntries counts; the broadcast harness lacks it. */
    static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<String, FeatureVector, SharedModel, ScoredPoint> h) {
        var operator = (AbstractStreamOperator<?>) h.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    @Test
    void endMarker_clearsEveryKeyedState() throws Exception {
        VigilConfig cfg = config(Map.of());
        List<FeatureVector> points = features(cfg);
        var h = harness(cfg);
        h.open();
        feed(h, points.subList(0, 700));
        // The series' one value (detectors, calibrators, gate) and the seasonal history apart.
        assertThat(keyedStateEntries(h)).isEqualTo(2);
        int upTo = SPIKE + 20;
        feed(h, points.subList(700, upTo));
        assertThat(keyedStateEntries(h)).isEqualTo(2);

        FeatureVector last = points.get(upTo - 1);
        FeatureVector end = new FeatureVector(SERIES, "requests", LABELS, last.timestampMs() + STEP, Double.NaN, false,
                true, new double[0], new double[0], new double[0], Double.NaN, 0, 0, 0, 0, 0, 0);
        h.processElement(end, end.timestampMs());
        assertThat(keyedStateEntries(h)).isZero();
        assertThat(h.extractOutputValues()).as("an end marker scores nothing").hasSize(upTo);

        // The series comes back cold: nothing of the old models is left.
        h.processElement(points.get(upTo), points.get(upTo).timestampMs());
        ScoredPoint again = h.extractOutputValues().get(upTo);
        assertThat(again.detectors()).isEmpty();
        assertThat(again.expected()).isNaN();
        h.close();
    }

    @Test
    void snapshotRestore_sharedFamilyForestComesBackFromBroadcastState() throws Exception {
        VigilConfig cfg = config(Map.of("detect.iforest.families", "true", "detect.iforest.min-rows", "256"));
        List<FeatureVector> points = features(cfg);
        SharedModel forest = familyForest(cfg, points.subList(0, 600));

        var uninterrupted = harness(cfg);
        uninterrupted.open();
        uninterrupted.processBroadcastElement(forest, points.get(599).timestampMs());
        feed(uninterrupted, points.subList(600, 1400));
        List<ScoredPoint> whole = uninterrupted.extractOutputValues();
        uninterrupted.close();

        var first = harness(cfg);
        first.open();
        first.processBroadcastElement(forest, points.get(599).timestampMs());
        feed(first, points.subList(600, 1000));
        assertThat(first.getBroadcastState(ScorePoints.SHARED_MODELS).contains(IsolationModule.NAME + "/"
                + forest.key())).isTrue();
        OperatorSubtaskState snapshot = first.snapshot(1L, points.get(999).timestampMs());
        first.close();

        var restored = harness(cfg);
        restored.initializeState(snapshot);
        restored.open();
        feed(restored, points.subList(1000, 1400));
        List<ScoredPoint> after = restored.extractOutputValues();
        restored.close();

        // Without the broadcast state's copy the forest would be cold after the restore.
        assertThat(after.get(0).detectors()).containsKey(IsolationModule.NAME);
        assertSameScores(after, whole.subList(400, 800));
    }

    /** The family's forest as the stream fits it (FamilyFitting) and broadcasts it (its bytes). */
    static SharedModel familyForest(VigilConfig cfg, List<FeatureVector> points) throws Exception {
        IsolationConfig c = IsolationModule.settings(cfg.detect());
        FamilyFitting fitting = new FamilyFitting(c.sampleSize(), c.minRows(), c.refitEvery().toMillis(),
                c.contamination(), FamilyVectors.names(cfg.features().lagSteps(), cfg.features().windowSteps()));
        FamilyFitting.ListRing ring = new FamilyFitting.ListRing();
        FamilyFit f = FamilyFit.EMPTY;
        for (FeatureVector p : points) {
            double[] v = FamilyFitting.cleanVector(p, false, false);
            if (v != null) {
                f = fitting.offer(f, p.series(), p.timestampMs(), v, ring);
            }
        }
        String family = io.vigil.detect.iforest.TrainingData.familyKey("requests", LABELS, c.familyLabel());
        var model = fitting.fit(family, f, ring);
        assertThat(model).isNotNull();
        return new SharedModel(IsolationModule.NAME, model.key(), ModelBytes.of(model));
    }
}
