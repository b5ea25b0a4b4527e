package io.vigil.correlate;

import io.vigil.config.CorrelateConfig;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.ScoredPoint;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by scope: anomalous ScoredPoints → Incident events, as event-time sessions with the
 * configured gap. Flink's session windows only emit when the session closes, and per-window state
 * is unavailable for merging windows, so the session is kept here: it opens on the first anomaly
 * (published at once), updates on material change, and resolves when the watermark passes the last
 * anomaly plus the gap, which then clears state and timer. Uid: {@code correlate-incidents}.
 */
public final class GroupIncidents extends KeyedProcessFunction<String, ScoredPoint, Incident> {
    public static final String OPEN_STATE = "incident-open-v1";
    public static final String EVIDENCE_STATE = "evidence-v1";

    private final CorrelateConfig config;
    private transient ServiceGraphReloader graph;
    private transient ValueState<OpenIncident> open;
    private transient ValueState<SilentEvidence> evidence;
    private transient Counter opened;
    private transient Counter resolved;

    public GroupIncidents(CorrelateConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>(OPEN_STATE, Types.POJO(OpenIncident.class)));
        evidence = getRuntimeContext().getState(new ValueStateDescriptor<>(EVIDENCE_STATE,
                Types.POJO(SilentEvidence.class)));
        graph = new ServiceGraphReloader(config);
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        opened = group.counter("incidents_opened");
        resolved = group.counter("incidents_resolved");
    }

    @Override
    public void processElement(ScoredPoint p, Context ctx, Collector<Incident> out) throws Exception {
        long gap = config.sessionGap().toMillis();
        OpenIncident inc = open.value();
        if (!p.anomalous()) {
            // Sub-threshold movement: evidence for ranking, never an incident of its own. Kept only
            // while an incident is open, or could open within a gap, and cleared with it.
            SilentEvidence e = evidence.value();
            evidence.update((e == null ? SilentEvidence.empty() : e).add(p.service(), p.timestampMs(), p.score(), 2 * gap));
            if (inc == null) {
                ctx.timerService().registerEventTimeTimer(p.timestampMs() + 2 * gap);
            }
            return;
        }
        if (inc != null && IncidentTracker.beyondGap(inc, p, gap)) {
            resolve(inc, ctx, out);
            inc = null;
        }
        if (inc == null) {
            inc = IncidentTracker.open(Scopes.of(p.labels(), config.scopeLabels()), ctx.getCurrentKey(), p, gap);
            opened.inc();
            out.collect(IncidentTracker.toEvent(inc, IncidentStatus.OPEN, ranker(), silent(inc)));
            inc = IncidentTracker.reported(inc);
            ctx.timerService().registerEventTimeTimer(inc.timerAt());
        } else {
            long oldTimer = inc.timerAt();
            inc = IncidentTracker.add(inc, p, gap);
            if (inc.timerAt() != oldTimer) {
                ctx.timerService().deleteEventTimeTimer(oldTimer);
                ctx.timerService().registerEventTimeTimer(inc.timerAt());
            }
            if (IncidentTracker.materialChange(inc)) {
                out.collect(IncidentTracker.toEvent(inc, IncidentStatus.UPDATE, ranker(), silent(inc)));
                inc = IncidentTracker.reported(inc);
            }
        }
        open.update(inc);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        OpenIncident inc = open.value();
        if (inc != null && timestamp >= inc.timerAt()) {
            resolve(inc, ctx, out);
        } else if (inc == null) {
            SilentEvidence e = evidence.value();
            if (e != null && e.since(timestamp - 2 * config.sessionGap().toMillis()).isEmpty()) {
                evidence.clear();
            }
        }
    }

    private java.util.Map<String, Double> silent(OpenIncident inc) throws java.io.IOException {
        SilentEvidence e = evidence.value();
        return e == null ? java.util.Map.of() : e.since(inc.startsAtMs() - config.sessionGap().toMillis());
    }

    private RootCauseRanker ranker() {
        return config.ranker(graph.current());
    }

    private void resolve(OpenIncident inc, Context ctx, Collector<Incident> out) throws java.io.IOException {
        ctx.timerService().deleteEventTimeTimer(inc.timerAt());
        out.collect(IncidentTracker.toEvent(inc, IncidentStatus.RESOLVED, ranker(), silent(inc)));
        resolved.inc();
        open.clear();
        evidence.clear();
    }
}
