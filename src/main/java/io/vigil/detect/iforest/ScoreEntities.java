package io.vigil.detect.iforest;

import io.vigil.model.Contributor;
import io.vigil.model.Direction;
import io.vigil.model.GridPoint;
import io.vigil.model.ScoredPoint;
import io.vigil.model.SeriesIds;
import io.vigil.model.ServiceNames;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keyed by entity (the value of {@code detect.iforest.entity-label}): collects the entity's grid
 * points step by step and, once event time has passed a step (every series' point for it is out of
 * the resampler by then), scores the step's vector with the entity's forest. A step where one of the
 * model's series has no value is not scored and is counted ({@code entity_steps_incomplete}): a gap
 * is not a zero.
 *
 * <p>When a step counts: the forest's scores of faulty and normal steps overlap near the top of the
 * training range (isolation saturates there), so a single step at the false-alarm budget's rate p*
 * (~7e-5 a step at one minute) almost never fires, and one at the training contamination (1 %) fires
 * ~14 times a day per entity. Faults last several steps, noise does not: a step is anomalous when at
 * least {@link #K} of the last {@link #N} steps exceed the score normal data exceed with probability
 * q, q chosen so that C(N, K)·q^K = p* (q ≈ 1.9 % at one-minute steps), so normal data stay within the
 * budget. An anomalous step becomes an entity anomaly with its top three contributing series.
 * State {@code entity-steps-v1} (cleared step by step) and {@code entity-recent-v1}.
 * State {@code entity-steps-v1}, cleared step by step; uid {@code detect-entities}.
 */
public final class ScoreEntities extends KeyedProcessFunction<String, GridPoint, ScoredPoint> {
    private final IsolationConfig config;
    private final double threshold;
    private final long stepMs;
    private final List<String> serviceLabels;
    private final double stepRate;
    private final WallClock clock;

    private transient ModelDirectory models;
    static final int N = 5;
    static final int K = 3;
    private transient MapState<Long, EntityStep> steps;
    private transient ValueState<Integer> recent;
    private transient Counter scored;
    private transient Counter anomalies;
    private transient Counter incomplete;

    /**
     * @param alarmRate the share of normal entity-steps allowed to score 0.5 (the false-alarm budget
     *     per day times the step over one day, as for the other detectors)
     */
    public ScoreEntities(IsolationConfig config, double threshold, long stepMs, double alarmRate,
            List<String> serviceLabels, WallClock clock) {
        this.config = config;
        this.clock = clock;
        // C(5, 3) = 10 ways for 3 of 5 steps to exceed: 10·q³ = p*.
        this.stepRate = Math.min(0.05, Math.cbrt(alarmRate / 10));
        this.serviceLabels = List.copyOf(serviceLabels);
        this.threshold = threshold;
        this.stepMs = stepMs;
    }

    @Override
    public void open(OpenContext openContext) {
        models = ModelDirectory.open(config.models(), stepMs, config.reloadEvery().toMillis());
        steps = getRuntimeContext().getMapState(new MapStateDescriptor<>("entity-steps-v1", Types.LONG,
                Types.POJO(EntityStep.class)));
        recent = getRuntimeContext().getState(new ValueStateDescriptor<>("entity-recent-v1", Types.INT));
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        scored = group.counter("entity_steps_scored");
        anomalies = group.counter("entity_anomalies");
        incomplete = group.counter("entity_steps_incomplete");
    }

    @Override
    public void processElement(GridPoint p, Context ctx, Collector<ScoredPoint> out) throws Exception {
        long due = p.timestampMs() + stepMs - 1;
        if (due <= ctx.timerService().currentWatermark()) {
            return; // a gap filled in after its step was scored: too late to matter
        }
        EntityStep s = steps.get(p.timestampMs());
        if (s == null) {
            s = EntityStep.empty(ServiceNames.of(p.labels(), serviceLabels));
        }
        steps.put(p.timestampMs(), s.with(p.series(), p.value()));
        ctx.timerService().registerEventTimeTimer(due);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredPoint> out) throws Exception {
        long step = timestamp - stepMs + 1;
        EntityStep s = steps.get(step);
        steps.remove(step);
        if (s == null) {
            return;
        }
        String entity = ctx.getCurrentKey();
        ForestModels.Model m = models.forKey("entity", entity, clock.millis());
        if (m == null) {
            return;
        }
        Integer before = recent.value();
        int bits = (before == null ? 0 : before) << 1 & ((1 << N) - 1);
        double[] x = new double[m.features().size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = s.valueOf(m.features().get(j));
            if (Double.isNaN(x[j])) {
                incomplete.inc();
                recent.update(bits);
                return;
            }
        }
        scored.inc();
        double score = m.normalisedAt(x, stepRate);
        boolean exceeds = score >= threshold;
        bits |= exceeds ? 1 : 0;
        recent.update(bits);
        if (!exceeds || Integer.bitCount(bits) < K) {
            return;
        }
        anomalies.inc();
        List<Contributor> why = new ArrayList<>();
        for (ForestExplainer.Contribution c : ForestExplainer.explain(m, x, 3)) {
            why.add(new Contributor(c.feature(), c.value(), c.typical(), c.drop()));
        }
        Map<String, String> labels = Map.of(config.entityLabel(), entity);
        String service = s.service().isEmpty() ? entity : s.service();
        out.collect(new ScoredPoint(SeriesIds.of("entity", labels), "entity", labels, service, step, score,
                Double.NaN, Double.NaN, Double.NaN, score, Direction.NONE, Map.of("iforest", score), true, entity,
                List.copyOf(why), 0));
    }
}

