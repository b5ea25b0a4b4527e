package io.vigil.detect;

import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.control.GateState;
import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One series' point through its models kept in keyed state, for both scoring operators
 * ({@link ScorePoints} with shared models, {@link ScoreSeries} without): restore, score through the
 * job's {@link DetectEngine}, save. State: one value per series ({@value #STATE}, a
 * {@link ScoringState}) with every detector kind's state (its entry named by the kind), one
 * calibrator per kind ({@code calibration-<detector>-v1}), the alert gate ({@code gate-v2}) and the
 * model store version the models came from ({@code model-version-v1}); a kind whose state has a long
 * history only some points touch keeps that apart and reads it only for them ({@link StateSplit}).
 * A series saved when each entry was a keyed value of its own is moved into the one value at its
 * next point. An end marker clears it all.
 *
 * <p>With a model store ({@code detect.models}) a series the scorer has no models for starts from
 * its seed there, and a newer version replaces a series' models at its next point ({@link StoreSeeds}).
 */
final class KeyedScoring {
    static final String STATE = "scoring-v1";
    static final String GATE_STATE = "gate-v2";
    static final String MODEL_VERSION_STATE = "model-version-v1";

    private final DetectEngine engine;
    private final ValueState<ScoringState> state;
    /** The entries' names, as the serializer reads them: kinds, then calibrators, the gate, the version. */
    private final String[] names;
    /** Per kind, how its state splits (null: one value) and the value its history is kept in. */
    private final List<StateSplit<Object>> splits = new ArrayList<>();
    private final List<ValueState<Object>> histories = new ArrayList<>();
    /** Each entry as a keyed value of its own, the layout before {@link #STATE}: read once, then cleared. */
    private final List<ValueState<Object>> separate = new ArrayList<>();
    private final StoreSeeds seeds;
    private final Counter seeded;
    private final Counter replaced;
    private final Counter pointsScored;
    private final Counter anomalies;
    private final Counter muted;

    @SuppressWarnings("unchecked")
    KeyedScoring(DetectEngine engine, RuntimeContext context) {
        this.engine = engine;
        for (DetectorKind<?> kind : engine.kinds()) {
            StateSplit<Object> split = (StateSplit<Object>) kind.split();
            splits.add(split);
            histories.add(split == null ? null : context.getState(new ValueStateDescriptor<>(
                    split.historyStateName(), Types.POJO((Class<Object>) split.historyClass()))));
        }
        Map<String, TypeInformation<Object>> entries = entries(engine);
        Map<String, TypeSerializer<Object>> serializers = new LinkedHashMap<>();
        entries.forEach((name, type) -> {
            serializers.put(name, context.createSerializer(type));
            separate.add(context.getState(new ValueStateDescriptor<>(name, type)));
        });
        ScoringStateSerializer serializer = new ScoringStateSerializer(serializers);
        names = serializer.names();
        state = context.getState(new ValueStateDescriptor<>(STATE, serializer));
        seeds = StoreSeeds.open(engine, WallClock.system());
        var group = context.getMetricGroup().addGroup("vigil");
        seeded = group.counter("series_seeded");
        replaced = group.counter("series_models_replaced");
        if (seeds != null) {
            group.gauge("model_versions_refused", seeds::refused);
        }
        pointsScored = group.counter("points_scored");
        anomalies = group.counter("anomalous_points");
        muted = group.counter("points_muted");
    }

    /**
     * The entries of {@link #STATE}, each with its type: the kinds' states, then their calibrators,
     * the gate and the model store version.
     */
    @SuppressWarnings("unchecked")
    static Map<String, TypeInformation<Object>> entries(DetectEngine engine) {
        Map<String, TypeInformation<Object>> entries = new LinkedHashMap<>();
        for (DetectorKind<?> kind : engine.kinds()) {
            entries.put(kind.stateName(), TypeInformation.of((Class<Object>) kind.stateClass()));
        }
        for (DetectorKind<?> kind : engine.kinds()) {
            entries.put(calibrationState(kind.name()), (TypeInformation<Object>) (TypeInformation<?>)
                    TypeInformation.of(CalibrationState.class));
        }
        entries.put(GATE_STATE, (TypeInformation<Object>) (TypeInformation<?>) TypeInformation.of(GateState.class));
        entries.put(MODEL_VERSION_STATE, (TypeInformation<Object>) (TypeInformation<?>) Types.STRING);
        return entries;
    }

    /** The calibrator's state name for one detector. */
    static String calibrationState(String detector) {
        return "calibration-" + detector + "-v1";
    }

    /** Kind i's saved state, with its history when {@code p} will touch it. */
    private Object withHistoryIfTouched(int i, Object saved, FeatureVector p) throws java.io.IOException {
        StateSplit<Object> split = splits.get(i);
        if (saved == null || split == null || split.whole(saved) || !split.touchesHistory(saved, p)) {
            return saved;
        }
        return split.join(saved, histories.get(i).value());
    }

    /** Kind i's state after a point, as its entry: a whole one leaves its history in the history's value. */
    private Object perPoint(int i, Object state) throws java.io.IOException {
        StateSplit<Object> split = splits.get(i);
        if (split != null && split.whole(state)) {
            histories.get(i).update(split.history(state));
            return split.perPoint(state);
        }
        return state;
    }

    /**
     * The series' one value; for a series saved with an entry per keyed value, those moved into it
     * (read once and cleared); null for a new series.
     */
    private ScoringState current() throws java.io.IOException {
        ScoringState st = state.value();
        if (st != null) {
            return st;
        }
        Object[] values = new Object[names.length];
        boolean any = false;
        for (int i = 0; i < names.length; i++) {
            values[i] = separate.get(i).value();
            any |= values[i] != null;
        }
        if (!any) {
            return null;
        }
        separate.forEach(ValueState::clear);
        return new ScoringState(names.clone(), values);
    }

    /** Scores {@code p} with the current key's models (the key is {@code p}'s series) and saves them. */
    void process(FeatureVector p, Collector<ScoredPoint> out) throws Exception {
        if (p.end()) {
            state.clear();
            histories.stream().filter(h -> h != null).forEach(ValueState::clear);
            separate.forEach(ValueState::clear);
            return;
        }
        int n = splits.size();
        ScoringState st = current();
        DetectEngine.SeriesModels models = null;
        GateState g = null;
        if (st != null) {
            Object[] saved = new Object[n];
            CalibrationState[] cals = new CalibrationState[n];
            for (int i = 0; i < n; i++) {
                saved[i] = withHistoryIfTouched(i, st.get(i, names[i]), p);
                cals[i] = (CalibrationState) st.get(n + i, names[n + i]);
            }
            g = (GateState) st.get(2 * n, names[2 * n]);
            models = engine.restore(saved, cals, g, (String) st.get(2 * n + 1, names[2 * n + 1]));
        }
        DetectEngine.SeriesModels fromStore = seeds == null ? null : seeds.next(p.series(), p.timestampMs(), models);
        if (fromStore != null) {
            (models == null ? seeded : replaced).inc();
            models = fromStore;
        } else if (models == null) {
            models = engine.fresh();
        }
        DetectEngine.Outcome o = engine.score(p, models);
        Object[] values = new Object[names.length];
        for (int i = 0; i < n; i++) {
            values[i] = perPoint(i, models.detectorState(i));
            values[n + i] = models.calibrationState(i);
        }
        values[2 * n] = models.gate();
        values[2 * n + 1] = models.version().isEmpty() ? null : models.version();
        state.update(new ScoringState(names, values));
        pointsScored.inc();
        if (o.point().anomalous()) {
            anomalies.inc();
        }
        if (o.muted()) {
            muted.inc();
        }
        out.collect(o.point());
    }
}
