package io.vigil.detect;

import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.control.GateState;
import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * One series' point through its models kept in keyed state, for both scoring operators
 * ({@link ScorePoints} with shared models, {@link ScoreSeries} without): restore, score through the
 * job's {@link DetectEngine}, save. State: one value per detector kind (named by the kind), one
 * calibrator per kind ({@code calibration-<detector>-v1}), the alert gate ({@code gate-v2}) and the
 * model store version the models came from ({@code model-version-v1}); a kind whose state has a
 * long history only some points touch keeps that apart and reads it only for them ({@link StateSplit}).
 * An end marker clears it all.
 *
 * <p>With a model store ({@code detect.models}) a series the scorer has no models for starts from
 * its seed there, and a newer version replaces a series' models at its next point ({@link StoreSeeds}).
 */
final class KeyedScoring {
    static final String GATE_STATE = "gate-v2";
    static final String MODEL_VERSION_STATE = "model-version-v1";

    private final DetectEngine engine;
    private final List<ValueState<Object>> states = new ArrayList<>();
    /** Per kind, how its state splits (null: one value) and the value its history is kept in. */
    private final List<StateSplit<Object>> splits = new ArrayList<>();
    private final List<ValueState<Object>> histories = new ArrayList<>();
    private final List<ValueState<CalibrationState>> calibrations = new ArrayList<>();
    private final ValueState<GateState> gate;
    private final ValueState<String> modelVersion;
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
            var descriptor = new ValueStateDescriptor<>(kind.stateName(), Types.POJO((Class<Object>) kind.stateClass()));
            states.add(context.getState(descriptor));
            StateSplit<Object> split = (StateSplit<Object>) kind.split();
            splits.add(split);
            histories.add(split == null ? null : context.getState(new ValueStateDescriptor<>(
                    split.historyStateName(), Types.POJO((Class<Object>) split.historyClass()))));
            calibrations.add(context.getState(new ValueStateDescriptor<>(
                    calibrationState(kind.name()), Types.POJO(CalibrationState.class))));
        }
        gate = context.getState(new ValueStateDescriptor<>(GATE_STATE, Types.POJO(GateState.class)));
        modelVersion = context.getState(new ValueStateDescriptor<>(MODEL_VERSION_STATE, Types.STRING));
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

    /** Kind i's state after a point: a whole one goes to its two values, a per-point part alone to one. */
    private void save(int i, Object state) throws java.io.IOException {
        StateSplit<Object> split = splits.get(i);
        if (split != null && split.whole(state)) {
            states.get(i).update(split.perPoint(state));
            histories.get(i).update(split.history(state));
        } else {
            states.get(i).update(state);
        }
    }

    /** Scores {@code p} with the current key's models (the key is {@code p}'s series) and saves them. */
    void process(FeatureVector p, Collector<ScoredPoint> out) throws Exception {
        if (p.end()) {
            states.forEach(ValueState::clear);
            histories.stream().filter(h -> h != null).forEach(ValueState::clear);
            calibrations.forEach(ValueState::clear);
            gate.clear();
            modelVersion.clear();
            return;
        }
        int n = states.size();
        Object[] saved = new Object[n];
        CalibrationState[] cals = new CalibrationState[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            saved[i] = withHistoryIfTouched(i, states.get(i).value(), p);
            cals[i] = calibrations.get(i).value();
            any |= saved[i] != null || cals[i] != null;
        }
        GateState g = gate.value();
        // Without a store no series has a version: not worth a state read per point.
        String version = seeds == null ? null : modelVersion.value();
        DetectEngine.SeriesModels models = any || g != null ? engine.restore(saved, cals, g, version) : null;
        DetectEngine.SeriesModels fromStore = seeds == null ? null : seeds.next(p.series(), p.timestampMs(), models);
        if (fromStore != null) {
            (models == null ? seeded : replaced).inc();
            models = fromStore;
            modelVersion.update(models.version());
        } else if (models == null) {
            models = engine.fresh();
        }
        DetectEngine.Outcome o = engine.score(p, models);
        for (int i = 0; i < n; i++) {
            save(i, models.detectorState(i));
            calibrations.get(i).update(models.calibrationState(i));
        }
        // Most points leave the gate as it was (quiet): no write for them.
        if (!models.gate().equals(g == null ? GateState.EMPTY : g)) {
            gate.update(models.gate());
        }
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
