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

    private final CorrelateConfig config;
    private transient ValueState<OpenIncident> open;
    private transient Counter opened;
    private transient Counter resolved;

    public GroupIncidents(CorrelateConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>(OPEN_STATE, Types.POJO(OpenIncident.class)));
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        opened = group.counter("incidents_opened");
        resolved = group.counter("incidents_resolved");
    }

    @Override
    public void processElement(ScoredPoint p, Context ctx, Collector<Incident> out) throws Exception {
        long gap = config.sessionGap().toMillis();
        OpenIncident inc = open.value();
        if (inc != null && IncidentTracker.beyondGap(inc, p, gap)) {
            resolve(inc, ctx, out);
            inc = null;
        }
        if (inc == null) {
            inc = IncidentTracker.open(Scopes.of(p.labels(), config.scopeLabels()), ctx.getCurrentKey(), p, gap);
            opened.inc();
            out.collect(IncidentTracker.toEvent(inc, IncidentStatus.OPEN));
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
                out.collect(IncidentTracker.toEvent(inc, IncidentStatus.UPDATE));
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
        }
    }

    private void resolve(OpenIncident inc, Context ctx, Collector<Incident> out) {
        ctx.timerService().deleteEventTimeTimer(inc.timerAt());
        out.collect(IncidentTracker.toEvent(inc, IncidentStatus.RESOLVED));
        resolved.inc();
        open.clear();
    }
}
