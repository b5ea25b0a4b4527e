package io.vigil.correlate;

import io.vigil.config.CorrelateConfig;
import io.vigil.model.ChangeEvent;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Keyed by scope: ScoredPoints (anomalies, and sub-threshold evidence) and change events →
 * Incident events, through the scope's {@link IncidentSession} (state: open incidents by id, the
 * evidence, the changes). Flink's session windows only emit when the session closes, so sessions
 * are kept here and an incident is published when it opens.
 *
 * <p>Points wait until every upstream subtask has closed their grid step (the watermark passes the
 * step's end), then go through the session in event-time order, ties by series: so the incidents
 * do not depend on which subtask's points arrived first, and a replay or an evaluation of the same
 * data gives the same incidents. Every timer the session asks for is shifted by the same one step,
 * so its sessions are kept in plain event time. Uid: {@code correlate-incidents}.
 */
public final class GroupIncidents extends KeyedCoProcessFunction<String, ScoredPoint, ChangeEvent, Incident> {
    /** Open incidents by id (v2: several per scope; v1 held one and is not read). */
    public static final String OPEN_STATE = "incidents-open-v2";
    public static final String EVIDENCE_STATE = "evidence-v2";
    public static final String CHANGES_STATE = "changes-v1";
    /**
     * Points waiting for their step to close everywhere, one entry each (key: time, entity, series),
     * so a point costs one write however many share its time. {@code pending-v1} held a list per
     * time, rewritten whole with every point (quadratic in a storm); it is only read, to drain
     * what a savepoint of that layout left.
     */
    public static final String PENDING_STATE = "pending-points-v1";
    public static final String LEGACY_PENDING_STATE = "pending-v1";

    private final CorrelateConfig config;
    /** How far behind a point's time its step closes: one grid step. */
    private final long shiftMs;
    private final WallClock clock;
    private transient ServiceGraphReloader graph;
    private transient MapState<String, OpenIncident> open;
    private transient ValueState<RecentEvidence> evidence;
    private transient ValueState<RecentChanges> changes;
    private transient MapState<String, ScoredPoint> pending;
    private transient MapState<Long, List<ScoredPoint>> legacyPending;
    private transient Counter opened;
    private transient Counter resolved;

    private final long stepMs;

    /** @param stepMs the grid step of the points (their step closes one step after its start) */
    public GroupIncidents(CorrelateConfig config, long stepMs, WallClock clock) {
        this.config = config;
        this.stepMs = stepMs;
        this.shiftMs = Math.max(0, stepMs - 1);
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>(OPEN_STATE, Types.STRING,
                Types.POJO(OpenIncident.class)));
        evidence = getRuntimeContext().getState(new ValueStateDescriptor<>(EVIDENCE_STATE,
                Types.POJO(RecentEvidence.class)));
        changes = getRuntimeContext().getState(new ValueStateDescriptor<>(CHANGES_STATE,
                Types.POJO(RecentChanges.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(PENDING_STATE, Types.STRING,
                TypeInformation.of(ScoredPoint.class)));
        legacyPending = getRuntimeContext().getMapState(new MapStateDescriptor<>(LEGACY_PENDING_STATE, Types.LONG,
                Types.LIST(TypeInformation.of(ScoredPoint.class))));
        graph = new ServiceGraphReloader(config, clock);
        var group = getRuntimeContext().getMetricGroup().addGroup("vigil");
        opened = group.counter("incidents_opened");
        resolved = group.counter("incidents_resolved");
    }

    @Override
    public void processElement1(ScoredPoint p, Context ctx, Collector<Incident> out) throws Exception {
        if (p.timestampMs() + shiftMs <= ctx.timerService().currentWatermark()) {
            // Behind event time already (a gap filled in late): nothing else can come before it.
            IncidentSession s = session();
            List<Incident> events = new ArrayList<>();
            s.points(List.of(p), ctx.getCurrentKey(), graph.current(), timers(ctx.timerService()), events);
            save(s, events, out);
            return;
        }
        pending.put(p.timestampMs() + "|" + p.entity() + "|" + p.series(), p);
        ctx.timerService().registerEventTimeTimer(p.timestampMs() + shiftMs);
    }

    @Override
    public void processElement2(ChangeEvent c, Context ctx, Collector<Incident> out) throws Exception {
        IncidentSession s = session();
        s.change(c, timers(ctx.timerService()));
        save(s, List.of(), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        long now = timestamp - shiftMs;
        IncidentSession s = session();
        IncidentSession.Timers timers = timers(ctx.timerService());
        ServiceGraph g = graph.current();
        List<Incident> events = new ArrayList<>();
        // Every waiting time up to now, oldest first (normally just now; older ones come from a
        // savepoint taken before timers were shifted by a step).
        java.util.TreeMap<Long, List<ScoredPoint>> due = new java.util.TreeMap<>();
        List<String> taken = new ArrayList<>();
        for (var e : pending.entries()) {
            ScoredPoint p = e.getValue();
            if (p.timestampMs() <= now) {
                due.computeIfAbsent(p.timestampMs(), k -> new ArrayList<>()).add(p);
                taken.add(e.getKey());
            }
        }
        for (String k : taken) {
            pending.remove(k);
        }
        List<Long> legacyTimes = new ArrayList<>();
        for (Long t : legacyPending.keys()) {
            if (t <= now) {
                legacyTimes.add(t);
            }
        }
        for (long t : legacyTimes) {
            due.computeIfAbsent(t, k -> new ArrayList<>()).addAll(legacyPending.get(t));
            legacyPending.remove(t);
        }
        for (List<ScoredPoint> atTime : due.values()) {
            s.points(atTime, ctx.getCurrentKey(), g, timers, events);
        }
        s.timer(now, g, timers, events);
        save(s, events, out);
    }

    private IncidentSession session() throws Exception {
        return new IncidentSession(config, open.values(), evidence.value(), changes.value(), stepMs);
    }

    private IncidentSession.Timers timers(TimerService service) {
        return new IncidentSession.Timers() {
            @Override
            public void register(long atMs) {
                service.registerEventTimeTimer(atMs + shiftMs);
            }

            @Override
            public void delete(long atMs) {
                service.deleteEventTimeTimer(atMs + shiftMs);
            }
        };
    }

    private void save(IncidentSession s, List<Incident> events, Collector<Incident> out) throws Exception {
        for (String id : s.resolvedIds()) {
            open.remove(id);
        }
        for (OpenIncident inc : s.changedIncidents()) {
            open.put(inc.incidentId(), inc);
        }
        if (s.evidenceChanged()) {
            if (s.evidence() == null) {
                evidence.clear();
            } else {
                evidence.update(s.evidence());
            }
        }
        if (s.changesChanged()) {
            if (s.changes() == null) {
                changes.clear();
            } else {
                changes.update(s.changes());
            }
        }
        for (Incident e : events) {
            if (e.status() == IncidentStatus.OPEN) {
                opened.inc();
            } else if (e.status() == IncidentStatus.RESOLVED) {
                resolved.inc();
            }
            out.collect(e);
        }
    }
}
