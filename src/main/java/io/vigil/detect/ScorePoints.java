package io.vigil.detect;

import io.vigil.config.ControlRules;
import io.vigil.config.CorrelateConfig;
import io.vigil.config.DetectConfig;
import io.vigil.correlate.ServiceGraph;
import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.calibrate.TailCalibrator;
import io.vigil.detect.control.GateState;
import io.vigil.detect.iforest.FamilyForests;
import io.vigil.detect.iforest.FitFamilies;
import io.vigil.detect.iforest.FittedForest;
import io.vigil.detect.iforest.IsolationKind;
import io.vigil.detect.iforest.ModelBytes;
import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;
import io.vigil.model.ServiceNames;

import org.apache.flink.api.common.functions.OpenContext;
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
 * Keyed by series: FeatureVector → ScoredPoint. Each detector kind scores the point from its own
 * keyed state, its calibrator (state {@code calibration-<detector>-v1}) turns the verdict into a
 * tail probability, {@link SeriesScoring} combines them and applies the series' controls (state
 * {@code gate-v1}), then everything learns the point. An end marker clears all of it.
 *
 * <p>The broadcast input carries family forests fitted in the stream ({@link FitFamilies}): kept as
 * bytes in broadcast state {@code iforest-family-models-v1} and handed to the family-forest
 * detector; after a restore they are read back from there before the first point.
 * Uid: {@code detect-score}.
 */
public final class ScorePoints extends KeyedBroadcastProcessFunction<String, FeatureVector, FittedForest, ScoredPoint> {
    private final List<DetectorKind<?>> kinds;
    private final ControlRules controls;
    private final List<String> serviceLabels;
    private final ServiceGraph graph;
    private final SeriesScoring scoring;

    private transient List<ValueState<Object>> states;
    private transient List<ValueState<CalibrationState>> calibrations;
    private transient ValueState<GateState> gate;
    private transient Counter pointsScored;
    private transient Counter anomalies;
    private transient Counter muted;
    private transient FamilyForests forests;
    private transient boolean forestsRestored;

    public ScorePoints(List<DetectorKind<?>> kinds, DetectConfig config, long stepMs, CorrelateConfig correlate) {
        this.kinds = List.copyOf(kinds);
        this.controls = config.controls();
        this.serviceLabels = correlate.serviceLabels();
        this.graph = correlate.graph();
        this.scoring = new SeriesScoring(config, kinds, stepMs);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(OpenContext openContext) {
        states = new ArrayList<>();
        calibrations = new ArrayList<>();
        for (DetectorKind<?> kind : kinds) {
            var descriptor = new ValueStateDescriptor<>(kind.stateName(), Types.POJO((Class<Object>) kind.stateClass()));
            states.add(getRuntimeContext().getState(descriptor));
            calibrations.add(getRuntimeContext().getState(new ValueStateDescriptor<>(
                    "calibration-" + kind.name() + "-v1", Types.POJO(CalibrationState.class))));
        }
        gate = getRuntimeContext().getState(new ValueStateDescriptor<>("gate-v1", Types.POJO(GateState.class)));
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        pointsScored = group.counter("points_scored");
        anomalies = group.counter("anomalous_points");
        muted = group.counter("points_muted");
        forests = kinds.stream().filter(IsolationKind.class::isInstance).map(k -> ((IsolationKind) k).forests())
                .findFirst().orElse(null);
    }

    @Override
    public void processBroadcastElement(FittedForest f, Context ctx, Collector<ScoredPoint> out) throws Exception {
        ctx.getBroadcastState(FitFamilies.MODELS).put(f.family(), f.model());
        if (forests != null) {
            forests.putFitted(ModelBytes.read(f.model(), "stream-fitted forest of family " + f.family()));
        }
    }

    @Override
    public void processElement(FeatureVector p, ReadOnlyContext ctx, Collector<ScoredPoint> out) throws Exception {
        if (!forestsRestored && forests != null) {
            forestsRestored = true;
            for (Map.Entry<String, byte[]> e : ctx.getBroadcastState(FitFamilies.MODELS).immutableEntries()) {
                forests.putFitted(ModelBytes.read(e.getValue(), "restored forest of family " + e.getKey()));
            }
        }
        if (p.end()) {
            states.forEach(ValueState::clear);
            calibrations.forEach(ValueState::clear);
            gate.clear();
            return;
        }
        SeriesDetector<?>[] detectors = new SeriesDetector<?>[kinds.size()];
        TailCalibrator[] calibrators = new TailCalibrator[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            detectors[i] = restore(kinds.get(i), states.get(i));
            CalibrationState cs = calibrations.get(i).value();
            calibrators[i] = scoring.calibrator(cs == null ? TailCalibrator.empty() : cs);
        }
        GateState g = gate.value();
        boolean[] window = controls.windowAt(p.metric(), p.labels(), p.timestampMs());
        SeriesScoring.Result r = scoring.next(p, detectors, calibrators, controls.settingsFor(p.metric(), p.labels()),
                g == null ? GateState.EMPTY : g, window[0], window[1]);
        for (int i = 0; i < kinds.size(); i++) {
            states.get(i).update(detectors[i].toState());
            calibrations.get(i).update(calibrators[i].toState());
        }
        gate.update(r.gate());
        pointsScored.inc();
        if (r.anomalous()) {
            anomalies.inc();
        }
        if (window[0]) {
            muted.inc();
        }
        CombinedScore c = r.combined();
        out.collect(new ScoredPoint(p.series(), p.metric(), p.labels(),
                graph.serviceOf(p.labels(), ServiceNames.of(p.labels(), serviceLabels)),
                p.timestampMs(), p.value(), c.expected(), c.lower(), c.upper(), c.score(), c.direction(),
                c.detectors(), r.anomalous()));
    }

    @SuppressWarnings("unchecked")
    private static <S> SeriesDetector<S> restore(DetectorKind<S> kind, ValueState<Object> state) throws Exception {
        S saved = (S) state.value();
        return saved == null ? kind.create() : kind.restore(saved);
    }
}
