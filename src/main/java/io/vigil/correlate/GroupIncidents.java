package io.vigil.correlate;

import io.vigil.config.CorrelateConfig;
import io.vigil.model.ChangeEvent;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.ScoredPoint;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Keyed by scope: ScoredPoints (anomalies, and sub-threshold evidence) → Incident events, as
 * event-time sessions with the configured gap. Flink's session windows only emit when the session
 * closes, so sessions are kept here: an incident opens on its first anomaly (published at once),
 * updates on material change, and resolves when the watermark passes its last anomaly plus the gap,
 * which clears its state and timer. Within one scope several incidents may be open at once: an
 * anomaly joins the open incident whose services are near its own in the service graph (the same
 * service, a caller or dependency, or two hops through one), so two faults in disjoint parts of the
 * graph stay two incidents. Without a graph every anomaly in the scope joins the one open incident.
 * Uid: {@code correlate-incidents}.
 */
public final class GroupIncidents extends KeyedCoProcessFunction<String, ScoredPoint, ChangeEvent, Incident> {
    /** Open incidents by id (v2: several per scope; v1 held one and is not read). */
    public static final String OPEN_STATE = "incidents-open-v2";
    public static final String EVIDENCE_STATE = "evidence-v1";
    public static final String CHANGES_STATE = "changes-v1";
    /** Points waiting for the watermark, by event time: sessions are built in event-time order. */
    public static final String PENDING_STATE = "pending-v1";
    /** Graph distance (calls in either direction) within which an anomaly joins an open incident. */
    static final int NEAR_HOPS = 2;

    private final CorrelateConfig config;
    private transient ServiceGraphReloader graph;
    private transient MapState<String, OpenIncident> open;
    private transient ValueState<SilentEvidence> evidence;
    private transient ValueState<RecentChanges> changes;
    private transient MapState<Long, List<ScoredPoint>> pending;
    private transient Counter opened;
    private transient Counter resolved;

    public GroupIncidents(CorrelateConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>(OPEN_STATE, Types.STRING,
                Types.POJO(OpenIncident.class)));
        evidence = getRuntimeContext().getState(new ValueStateDescriptor<>(EVIDENCE_STATE,
                Types.POJO(SilentEvidence.class)));
        changes = getRuntimeContext().getState(new ValueStateDescriptor<>(CHANGES_STATE,
                Types.POJO(RecentChanges.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(PENDING_STATE, Types.LONG,
                Types.LIST(Types.POJO(ScoredPoint.class))));
        graph = new ServiceGraphReloader(config);
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        opened = group.counter("incidents_opened");
        resolved = group.counter("incidents_resolved");
    }

    @Override
    public void processElement1(ScoredPoint p, Context ctx, Collector<Incident> out) throws Exception {
        // Points from different upstream subtasks arrive out of event-time order (minutes apart in a
        // fast replay); an incident built in arrival order would start late and split. So points wait
        // for the watermark and are handled in event-time order; one already behind it goes now.
        if (p.timestampMs() <= ctx.timerService().currentWatermark()) {
            handle(p, ctx, out);
            return;
        }
        List<ScoredPoint> waiting = pending.get(p.timestampMs());
        List<ScoredPoint> next = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
        next.add(p);
        pending.put(p.timestampMs(), next);
        ctx.timerService().registerEventTimeTimer(p.timestampMs());
    }

    private void handle(ScoredPoint p, Context ctx, Collector<Incident> out) throws Exception {
        long gap = config.sessionGap().toMillis();
        if (!p.anomalous()) {
            // Sub-threshold movement: evidence for ranking, never an incident of its own; forgotten
            // two gaps later unless an incident is open.
            SilentEvidence e = evidence.value();
            evidence.update((e == null ? SilentEvidence.empty() : e).add(p.service(), p.timestampMs(), p.score(), 2 * gap));
            ctx.timerService().registerEventTimeTimer(p.timestampMs() + 2 * gap);
            return;
        }
        List<OpenIncident> current = new ArrayList<>();
        for (OpenIncident inc : open.values()) {
            current.add(inc);
        }
        OpenIncident target = null;
        for (OpenIncident inc : current) {
            if (IncidentTracker.beyondGap(inc, p, gap)) {
                resolve(inc, ctx, out);
            } else if (near(inc, p.service()) && (target == null || inc.startsAtMs() < target.startsAtMs())) {
                target = inc;
            }
        }
        OpenIncident inc;
        if (target == null) {
            inc = IncidentTracker.open(Scopes.of(p.labels(), config.scopeLabels()), ctx.getCurrentKey(), p, gap);
            opened.inc();
            Incident event = IncidentTracker.toEvent(inc, IncidentStatus.OPEN, ranker(), silent(inc), recentChanges());
            out.collect(event);
            inc = IncidentTracker.reported(inc, event);
            ctx.timerService().registerEventTimeTimer(inc.timerAt());
        } else {
            long oldTimer = target.timerAt();
            inc = IncidentTracker.add(target, p, gap);
            if (inc.timerAt() != oldTimer) {
                ctx.timerService().registerEventTimeTimer(inc.timerAt());
            }
            Incident event = IncidentTracker.toEvent(inc, IncidentStatus.UPDATE, ranker(), silent(inc), recentChanges());
            if (IncidentTracker.materialChange(inc, event)) {
                out.collect(event);
                inc = IncidentTracker.reported(inc, event);
            }
        }
        open.put(inc.incidentId(), inc);
    }

    /** A change event: kept for the look-back, as evidence for incidents that open soon after. */
    @Override
    public void processElement2(ChangeEvent c, Context ctx, Collector<Incident> out) throws Exception {
        RecentChanges r = changes.value();
        long keep = config.changeLookBack().toMillis() + config.sessionGap().toMillis();
        changes.update((r == null ? RecentChanges.empty() : r).add(c, keep));
        ctx.timerService().registerEventTimeTimer(c.timestampMs() + keep);
    }

    /** Whether {@code service} belongs with an open incident: near one of its services in the graph. */
    private boolean near(OpenIncident inc, String service) {
        ServiceGraph g = graph.current();
        if (g.isEmpty() || !g.contains(service)) {
            return true;
        }
        for (var a : inc.affected()) {
            if (a.service().equals(service) || !g.contains(a.service()) || g.distance(a.service(), service) <= NEAR_HOPS) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        List<ScoredPoint> waiting = pending.get(timestamp);
        if (waiting != null) {
            pending.remove(timestamp);
            List<ScoredPoint> ordered = new ArrayList<>(waiting);
            ordered.sort(Comparator.comparing(ScoredPoint::series));
            for (ScoredPoint p : ordered) {
                handle(p, ctx, out);
            }
        }
        List<OpenIncident> due = new ArrayList<>();
        boolean anyOpen = false;
        for (OpenIncident inc : open.values()) {
            anyOpen = true;
            if (timestamp >= inc.timerAt()) {
                due.add(inc);
            }
        }
        due.sort(Comparator.comparingLong(OpenIncident::startsAtMs));
        for (OpenIncident inc : due) {
            resolve(inc, ctx, out);
        }
        RecentChanges r = changes.value();
        if (r != null && open.isEmpty()
                && r.allBefore(timestamp - config.changeLookBack().toMillis() - config.sessionGap().toMillis() + 1)) {
            changes.clear();
        }
        if (open.isEmpty()) {
            SilentEvidence e = evidence.value();
            if (e != null && (anyOpen || e.since(timestamp - 2 * config.sessionGap().toMillis()).isEmpty())) {
                evidence.clear();
            }
        }
    }

    private Map<String, Double> silent(OpenIncident inc) throws java.io.IOException {
        SilentEvidence e = evidence.value();
        return e == null ? Map.of() : e.since(inc.startsAtMs() - config.sessionGap().toMillis());
    }

    private List<ChangeEvent> recentChanges() throws java.io.IOException {
        RecentChanges r = changes.value();
        return r == null ? List.of() : r.items();
    }

    private RootCauseRanker ranker() {
        return config.ranker(graph.current());
    }

    private void resolve(OpenIncident inc, Context ctx, Collector<Incident> out) throws Exception {
        ctx.timerService().deleteEventTimeTimer(inc.timerAt());
        out.collect(IncidentTracker.toEvent(inc, IncidentStatus.RESOLVED, ranker(), silent(inc), recentChanges()));
        resolved.inc();
        open.remove(inc.incidentId());
    }
}
