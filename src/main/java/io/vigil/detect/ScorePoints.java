package io.vigil.detect;

import io.vigil.config.CorrelateConfig;
import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;
import io.vigil.model.ServiceNames;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Keyed by series: FeatureVector → ScoredPoint. Each detector kind scores the point from its own
 * keyed state, then learns it; {@link CombinedScore} folds the verdicts. An end marker clears
 * every detector's state. Uid: {@code detect-score}.
 */
public final class ScorePoints extends KeyedProcessFunction<String, FeatureVector, ScoredPoint> {
    private final List<DetectorKind<?>> kinds;
    private final double threshold;
    private final List<String> serviceLabels;
    private final String[] names;
    private final boolean[] fallback;

    private transient List<ValueState<Object>> states;
    private transient Counter pointsScored;
    private transient Counter anomalies;

    public ScorePoints(List<DetectorKind<?>> kinds, double threshold, CorrelateConfig correlate) {
        this.kinds = List.copyOf(kinds);
        this.threshold = threshold;
        this.serviceLabels = correlate.serviceLabels();
        this.names = kinds.stream().map(DetectorKind::name).toArray(String[]::new);
        this.fallback = new boolean[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            fallback[i] = kinds.get(i).fallback();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(OpenContext openContext) {
        states = new ArrayList<>();
        for (DetectorKind<?> kind : kinds) {
            var descriptor = new ValueStateDescriptor<>(kind.stateName(), Types.POJO((Class<Object>) kind.stateClass()));
            states.add(getRuntimeContext().getState(descriptor));
        }
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        pointsScored = group.counter("points_scored");
        anomalies = group.counter("anomalous_points");
    }

    @Override
    public void processElement(FeatureVector p, Context ctx, Collector<ScoredPoint> out) throws Exception {
        if (p.end()) {
            states.forEach(ValueState::clear);
            return;
        }
        DetectorScore[] verdicts = new DetectorScore[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            verdicts[i] = scoreAndLearn(kinds.get(i), states.get(i), p);
        }
        CombinedScore c = CombinedScore.of(names, fallback, verdicts, threshold, p.filled());
        pointsScored.inc();
        if (c.anomalous()) {
            anomalies.inc();
        }
        out.collect(new ScoredPoint(p.series(), p.metric(), p.labels(), ServiceNames.of(p.labels(), serviceLabels),
                p.timestampMs(), p.value(), c.expected(), c.lower(), c.upper(), c.score(), c.direction(),
                c.detectors(), c.anomalous()));
    }

    @SuppressWarnings("unchecked")
    private static <S> DetectorScore scoreAndLearn(DetectorKind<S> kind, ValueState<Object> state, FeatureVector p)
            throws Exception {
        S saved = (S) state.value();
        SeriesDetector<S> model = saved == null ? kind.create() : kind.restore(saved);
        DetectorScore s = model.score(p);
        model.learn(p);
        state.update(model.toState());
        return s;
    }
}
