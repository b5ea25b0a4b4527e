package io.vigil.detect.iforest;

import io.vigil.config.DetectConfig;
import io.vigil.model.Contributor;
import io.vigil.model.Direction;
import io.vigil.model.GridPoint;
import io.vigil.model.ScoredPoint;
import io.vigil.model.SeriesIds;
import io.vigil.model.ServiceNames;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keyed by entity (the value of {@code detect.iforest.entity-label}): collects the entity's grid
 * points step by step and, once event time has passed a step (every series' point for it is out of
 * the resampler by then), scores the step's vector with the entity's forest. A step where one of the
 * model's series has no value is not scored and is counted ({@code entity_steps_incomplete}): a gap
 * is not a zero. An anomalous step becomes an entity anomaly with its top three contributing series.
 * State {@code entity-steps-v1}, cleared step by step; uid {@code detect-entities}.
 */
public final class ScoreEntities extends KeyedProcessFunction<String, GridPoint, ScoredPoint> {
    private final DetectConfig.IsolationConfig config;
    private final double threshold;
    private final long stepMs;
    private final List<String> serviceLabels;

    private transient EntityModels models;
    private transient MapState<Long, EntityStep> steps;
    private transient Counter scored;
    private transient Counter anomalies;
    private transient Counter incomplete;

    public ScoreEntities(DetectConfig.IsolationConfig config, double threshold, long stepMs,
            List<String> serviceLabels) {
        this.config = config;
        this.serviceLabels = List.copyOf(serviceLabels);
        this.threshold = threshold;
        this.stepMs = stepMs;
    }

    @Override
    public void open(OpenContext openContext) {
        models = EntityModels.open(Path.of(config.models()), config.reloadEvery().toMillis(), System.err::println);
        steps = getRuntimeContext().getMapState(new MapStateDescriptor<>("entity-steps-v1", Types.LONG,
                Types.POJO(EntityStep.class)));
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
        ForestModels.Model m = models.forEntity(entity, System.currentTimeMillis());
        if (m == null) {
            return;
        }
        double[] x = new double[m.features().size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = s.valueOf(m.features().get(j));
            if (Double.isNaN(x[j])) {
                incomplete.inc();
                return;
            }
        }
        scored.inc();
        double score = m.normalised(x);
        if (score < threshold) {
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
                List.copyOf(why)));
    }
}

