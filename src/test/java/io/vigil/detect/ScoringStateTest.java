package io.vigil.detect;

import static io.vigil.detect.ScorePointsTest.CUT;
import static io.vigil.detect.ScorePointsTest.N;
import static io.vigil.detect.ScorePointsTest.assertSameScores;
import static io.vigil.detect.ScorePointsTest.config;
import static io.vigil.detect.ScorePointsTest.features;
import static io.vigil.detect.ScorePointsTest.feedOneInput;
import static io.vigil.detect.ScorePointsTest.separateValuesAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.config.VigilConfig;
import io.vigil.detect.control.GateState;
import io.vigil.detect.robust.RobustState;
import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;
import io.vigil.testing.KeptValues;
import io.vigil.testing.PojoSerializers;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class ScoringStateTest {
    private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();

    @SuppressWarnings("unchecked")
    private static ScoringStateSerializer serializer(Object... nameAndType) {
        Map<String, TypeSerializer<Object>> entries = new LinkedHashMap<>();
        for (int i = 0; i < nameAndType.length; i += 2) {
            entries.put((String) nameAndType[i],
                    ((TypeInformation<Object>) nameAndType[i + 1]).createSerializer(CONFIG));
        }
        return new ScoringStateSerializer(entries);
    }

    private static byte[] write(ScoringStateSerializer s, ScoringState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(state, out);
        return out.getCopyOfBuffer();
    }

    private static ScoringState read(ScoringStateSerializer s, byte[] bytes) throws IOException {
        return s.deserialize(new DataInputDeserializer(bytes));
    }

    private static final GateState GATE = new GateState(GateState.VERSION, 7L, true, 9_000L, 2.5);

    @Test
    void everyEntryRoundTrips_absentOnesStayAbsent() throws IOException {
        ScoringStateSerializer s = serializer("a", Types.LONG, "b", Types.STRING, "gate", TypeInformation.of(GateState.class));
        ScoringState state = new ScoringState(new String[] {"a", "b", "gate"}, new Object[] {42L, null, GATE});
        ScoringState back = read(s, write(s, state));
        assertThat(back.get("a")).isEqualTo(42L);
        assertThat(back.get("b")).isNull();
        assertThat(back.get("gate")).isEqualTo(GATE);
        assertThat(s.copy(state)).isEqualTo(new ScoringState(new String[] {"a", "b", "gate"},
                new Object[] {42L, null, GATE}));
    }

    @Test
    void aDetectorSwitchedOff_itsEntryIsSkipped_andOneSwitchedOnStartsAbsent() throws IOException {
        ScoringStateSerializer before = serializer("a", Types.LONG, "b", Types.STRING, "gate",
                TypeInformation.of(GateState.class));
        byte[] bytes = write(before, new ScoringState(new String[] {"a", "b", "gate"}, new Object[] {42L, "x", GATE}));
        ScoringStateSerializer after = serializer("a", Types.LONG, "gate", TypeInformation.of(GateState.class), "c",
                Types.INT);
        ScoringState back = read(after, bytes);
        assertThat(back.get("a")).isEqualTo(42L);
        assertThat(back.get("b")).as("skipped by its length, the entries after it still read").isNull();
        assertThat(back.get("gate")).isEqualTo(GATE);
        assertThat(back.get("c")).isNull();
        assertThat(back.size()).isEqualTo(2);
    }

    @Test
    void entriesWhoseNamesShareAHash_areRefusedAtConstruction() {
        assertThatThrownBy(() -> serializer("Aa", Types.LONG, "BB", Types.LONG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Aa and BB have one hash");
    }

    @Test
    void anotherFormat_isRefusedByName() {
        ScoringStateSerializer s = serializer("a", Types.LONG);
        assertThatThrownBy(() -> read(s, new byte[] {9, 0, 0})).isInstanceOf(IOException.class)
                .hasMessageContaining("scoring state of format 9");
    }

    @Test
    void snapshot_restoresTheSerializer_andResolvesEntryByEntry() throws IOException {
        ScoringStateSerializer old = serializer("a", Types.LONG, "b", Types.STRING);
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, old.snapshotConfiguration());
        TypeSerializerSnapshot<ScoringState> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isEqualTo(old);

        var sameEntries = serializer("a", Types.LONG, "b", Types.STRING).snapshotConfiguration();
        assertThat(sameEntries.resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
        var oneOffOneOn = serializer("a", Types.LONG, "c", Types.INT).snapshotConfiguration();
        assertThat(oneOffOneOn.resolveSchemaCompatibility(read).isCompatibleAsIs())
                .as("entries on one side only need nothing").isTrue();
        var retyped = serializer("a", Types.STRING, "b", Types.STRING).snapshotConfiguration();
        assertThat(retyped.resolveSchemaCompatibility(read).isIncompatible())
                .as("an entry whose type changed under the same name").isTrue();
    }

    /**
     * A value saved when the entries were written by Flink's POJO serializer (before they had their
     * own) is read back equal after a restore, on both backends: the backend migrates it.
     */
    @Test
    void entriesSavedByThePojoSerializer_readBackEqual_afterARestore() throws Exception {
        Map<String, TypeSerializer<Object>> pojo = new LinkedHashMap<>();
        pojo.put("robust", PojoSerializers.of(RobustState.class));
        pojo.put("gate", PojoSerializers.of(GateState.class));
        ScoringStateSerializer before = new ScoringStateSerializer(pojo);
        ScoringStateSerializer after = serializer("robust", TypeInformation.of(RobustState.class), "gate",
                TypeInformation.of(GateState.class));
        Map<String, ScoringState> values = new LinkedHashMap<>();
        for (int k = 0; k < 4; k++) {
            RobustState robust = new RobustState(RobustState.VERSION, new double[] {k, 1.5 * k, Double.NaN}, k, 3);
            values.put("series-" + k, new ScoringState(new String[] {"robust", "gate"}, new Object[] {robust,
                    new GateState(GateState.VERSION, k, k % 2 == 0, 1_000L * k, 0.5 * k)}));
        }
        for (StateBackend backend : List.of(new EmbeddedRocksDBStateBackend(), new HashMapStateBackend())) {
            Map<String, ScoringState> back = KeptValues.saveThenRestore(backend, KeyedScoring.STATE, before, after,
                    values);
            for (String key : values.keySet()) {
                RobustState expected = (RobustState) values.get(key).get("robust");
                RobustState read = (RobustState) back.get(key).get("robust");
                assertThat(read.ring()).as(backend.getName() + " " + key).containsExactly(expected.ring());
                assertThat(read.head()).isEqualTo(expected.head());
                assertThat(back.get(key).get("gate")).isEqualTo(values.get(key).get("gate"));
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FeatureVector, ScoredPoint> rocksHarness(
            VigilConfig cfg) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new ScoreSeries(new DetectEngine(DetectorModules.standard(), DetectorContext.of(cfg)))),
                FeatureVector::series, Types.STRING, 1, 1, 0);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /**
     * On RocksDB, the production backend: a series saved with a keyed value per entry moves into the
     * one value and scores as if never interrupted; the next savepoint restores likewise.
     */
    @Test
    void onRocksDb_separateValuesMoveIn_andLaterPointsScoreAsUninterrupted() throws Exception {
        VigilConfig cfg = config(Map.of());
        List<FeatureVector> points = features(cfg);
        List<ScoredPoint> whole = feedOneInput(rocksHarness(cfg), null, points).out();
        OperatorSubtaskState separate = separateValuesAfter(cfg, points.subList(0, CUT),
                new EmbeddedRocksDBStateBackend());

        int mid = (CUT + N) / 2;
        var moved = feedOneInput(rocksHarness(cfg), separate, points.subList(CUT, mid));
        assertSameScores(moved.out(), whole.subList(CUT, mid));
        var restored = feedOneInput(rocksHarness(cfg), moved.snapshot(), points.subList(mid, N));
        assertSameScores(restored.out(), whole.subList(mid, N));
    }

    /** Switching a detector off and on across savepoints keeps the other detectors' models. */
    @Test
    void aDetectorSwitchedOffAndOnAcrossSavepoints_theOthersStayWarm() throws Exception {
        VigilConfig on = config(Map.of());
        VigilConfig off = config(Map.of("detect.change.enabled", "false"));
        List<FeatureVector> points = features(on);
        var first = rocksHarness(on);
        first.open();
        for (FeatureVector p : points.subList(0, CUT)) {
            first.processElement(p, p.timestampMs());
        }
        OperatorSubtaskState withChange = first.snapshot(1L, points.get(CUT - 1).timestampMs());
        first.close();

        var without = rocksHarness(off);
        without.initializeState(withChange);
        without.open();
        without.processElement(points.get(CUT), points.get(CUT).timestampMs());
        ScoredPoint p = without.extractOutputValues().get(0);
        assertThat(p.expected()).as("the seasonal model came through").isFinite();
        assertThat(p.detectors()).containsKey("seasonal").doesNotContainKey("change");
        OperatorSubtaskState withoutChange = without.snapshot(2L, points.get(CUT).timestampMs());
        without.close();

        var again = rocksHarness(on);
        again.initializeState(withoutChange);
        again.open();
        again.processElement(points.get(CUT + 1), points.get(CUT + 1).timestampMs());
        ScoredPoint q = again.extractOutputValues().get(0);
        assertThat(q.expected()).isFinite();
        assertThat(q.detectors()).containsKey("seasonal");
        again.close();
    }
}
