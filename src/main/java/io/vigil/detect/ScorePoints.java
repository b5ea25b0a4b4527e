package io.vigil.detect;

import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.control.GateState;
import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keyed by series: FeatureVector → ScoredPoint through the job's {@link DetectEngine}. The series'
 * models live in keyed state, one value per detector kind (named by the kind), one calibrator per
 * kind ({@code calibration-<detector>-v1}) and the alert gate ({@code gate-v2}); an end marker
 * clears all of it.
 *
 * <p>With a model store ({@code detect.models}) a series the scorer has no models for starts from
 * its seed there, and a newer version replaces a series' models at its next point
 * ({@link StoreSeeds}); the version a series' models came from is kept in {@code model-version-v1}
 * and recorded on its points.
 *
 * <p>The broadcast input carries models shared by many series ({@link DetectorModule#sharedModels}):
 * kept in broadcast state {@code shared-models-v1} and handed to their detector; after a restore
 * they are read back from there before the first point. Uid: {@code detect-score}.
 */
public final class ScorePoints extends KeyedBroadcastProcessFunction<String, FeatureVector, SharedModel, ScoredPoint> {
    /** The scorers' copy of every shared model (detector/key → model), so a restore needs no refit. */
    public static final MapStateDescriptor<String, SharedModel> SHARED_MODELS =
            new MapStateDescriptor<>("shared-models-v1", Types.STRING, Types.POJO(SharedModel.class));
    public static final String GATE_STATE = "gate-v2";
    public static final String MODEL_VERSION_STATE = "model-version-v1";

    private final DetectEngine engine;

    private transient List<ValueState<Object>> states;
    private transient List<ValueState<CalibrationState>> calibrations;
    private transient ValueState<GateState> gate;
    private transient ValueState<String> modelVersion;
    private transient StoreSeeds seeds;
    private transient Counter seeded;
    private transient Counter replaced;
    private transient Counter pointsScored;
    private transient Counter anomalies;
    private transient Counter muted;
    private transient boolean sharedRestored;

    public ScorePoints(DetectEngine engine) {
        this.engine = engine;
    }

    /** The calibrator's state name for one detector. */
    public static String calibrationState(String detector) {
        return "calibration-" + detector + "-v1";
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(OpenContext openContext) {
        states = new ArrayList<>();
        calibrations = new ArrayList<>();
        for (DetectorKind<?> kind : engine.kinds()) {
            var descriptor = new ValueStateDescriptor<>(kind.stateName(), Types.POJO((Class<Object>) kind.stateClass()));
            states.add(getRuntimeContext().getState(descriptor));
            calibrations.add(getRuntimeContext().getState(new ValueStateDescriptor<>(
                    calibrationState(kind.name()), Types.POJO(CalibrationState.class))));
        }
        gate = getRuntimeContext().getState(new ValueStateDescriptor<>(GATE_STATE, Types.POJO(GateState.class)));
        modelVersion = getRuntimeContext().getState(new ValueStateDescriptor<>(MODEL_VERSION_STATE, Types.STRING));
        seeds = StoreSeeds.open(engine, WallClock.system());
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        seeded = group.counter("series_seeded");
        replaced = group.counter("series_models_replaced");
        if (seeds != null) {
            group.gauge("model_versions_refused", seeds::refused);
        }
        pointsScored = group.counter("points_scored");
        anomalies = group.counter("anomalous_points");
        muted = group.counter("points_muted");
    }

    @Override
    public void processBroadcastElement(SharedModel m, Context ctx, Collector<ScoredPoint> out) throws Exception {
        ctx.getBroadcastState(SHARED_MODELS).put(m.detector() + "/" + m.key(), m);
        engine.accept(m);
    }

    @Override
    public void processElement(FeatureVector p, ReadOnlyContext ctx, Collector<ScoredPoint> out) throws Exception {
        if (!sharedRestored) {
            sharedRestored = true;
            for (Map.Entry<String, SharedModel> e : ctx.getBroadcastState(SHARED_MODELS).immutableEntries()) {
                engine.accept(e.getValue());
            }
        }
        if (p.end()) {
            states.forEach(ValueState::clear);
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
            saved[i] = states.get(i).value();
            cals[i] = calibrations.get(i).value();
            any |= saved[i] != null || cals[i] != null;
        }
        GateState g = gate.value();
        DetectEngine.SeriesModels models = any || g != null ? engine.restore(saved, cals, g, modelVersion.value()) : null;
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
            states.get(i).update(models.detectorState(i));
            calibrations.get(i).update(models.calibrationState(i));
        }
        gate.update(models.gate());
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
