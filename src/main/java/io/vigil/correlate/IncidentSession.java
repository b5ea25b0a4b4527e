package io.vigil.correlate;

import io.vigil.config.CorrelateConfig;
import io.vigil.model.ChangeEvent;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.ScoredPoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incidents of one scope as event-time sessions, in plain logic: an anomaly opens an incident
 * (published at once); an anomaly joins the open incident whose services are near its own in the
 * service graph (the same service, a caller or dependency, or two hops through one; without a
 * graph every anomaly is near) when it comes within the session gap of the incident's last anomaly
 * on one of the incident's own series, or within the shorter join gap on a new series; an incident
 * resolves when the session gap passes with no anomaly. Every point that reaches the session
 * (anomalies and sub-threshold movement) is kept as evidence for root-cause ranking, change events
 * for the look-back; both are forgotten when no incident needs them.
 *
 * <p>The host feeds the points of one event time together ({@link #points}), in event-time order,
 * and calls {@link #timer} at the times this class asks for through {@link Timers}, after the
 * points of that time: {@link GroupIncidents} keeps the session in keyed state and uses event-time
 * timers, the evaluation driver keeps it in memory. An incident is published once per event time,
 * after all its points (opened with every series that began at that time, or updated if that is
 * news): ranking root causes looks at every affected series, and doing it per point made a storm
 * across ten thousand series quadratic.
 */
public final class IncidentSession {
    /** Graph distance (calls in either direction) within which an anomaly joins an open incident. */
    static final int NEAR_HOPS = 2;

    /** Where the session asks to be called back ({@link #timer}), in event time. */
    public interface Timers {
        void register(long atMs);

        void delete(long atMs);
    }

    private final CorrelateConfig config;
    private final long stepMs;
    private final long gapMs;
    private final Map<String, OpenIncident> open = new LinkedHashMap<>();
    private RecentEvidence evidence;
    private RecentChanges changes;
    /** Open incidents added or changed, and ones resolved, since the session was loaded (what to write back). */
    private final java.util.Set<String> changed = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> resolved = new java.util.LinkedHashSet<>();
    private boolean evidenceChanged;
    private boolean changesChanged;

    /**
     * @param evidence the scope's recent evidence, or null
     * @param changes the scope's recent change events, or null
     * @param stepMs the grid step (see {@link CorrelateConfig#sessionGapMs})
     */
    public IncidentSession(CorrelateConfig config, Iterable<OpenIncident> openIncidents, RecentEvidence evidence,
            RecentChanges changes, long stepMs) {
        this.config = config;
        this.stepMs = stepMs;
        this.gapMs = config.sessionGapMs(stepMs);
        List<OpenIncident> sorted = new ArrayList<>();
        openIncidents.forEach(sorted::add);
        // State backends iterate in different orders; decisions must not depend on it.
        sorted.sort(Comparator.comparingLong(OpenIncident::startsAtMs).thenComparing(OpenIncident::incidentId));
        sorted.forEach(i -> open.put(i.incidentId(), i));
        this.evidence = evidence;
        this.changes = changes;
    }

    /** Whether a scored point reaches the sessions: anomalies, and sub-threshold movement worth keeping as evidence. */
    public static boolean takes(ScoredPoint p, CorrelateConfig config) {
        return p.anomalous() || (!Double.isNaN(p.score()) && p.score() >= config.evidenceScore());
    }

    /** A new, empty scope. */
    public static IncidentSession empty(CorrelateConfig config, long stepMs) {
        return new IncidentSession(config, List.of(), null, null, stepMs);
    }

    /**
     * The points of one event time, in any order: taken by series (so the outcome does not depend on
     * arrival order), each anomaly opens, joins or follows incidents, each sub-threshold point is
     * evidence; then every incident they opened is published and every one they joined publishes an
     * update if it is news. Incident events go to {@code out}.
     */
    public void points(List<ScoredPoint> batch, String scopeKey, ServiceGraph graph, Timers timers,
            List<Incident> out) {
        List<ScoredPoint> ordered = new ArrayList<>(batch);
        ordered.sort(BY_SERIES);
        java.util.Set<String> opened = new java.util.LinkedHashSet<>();
        java.util.Set<String> touched = new java.util.LinkedHashSet<>();
        RootCauseRanker ranker = RootCauseRanker.of(config, gapMs, graph);
        for (ScoredPoint p : ordered) {
            point(p, scopeKey, graph, ranker, timers, out, opened, touched);
        }
        // New incidents first, then the ones that grew.
        java.util.Set<String> publish = new java.util.LinkedHashSet<>(opened);
        publish.addAll(touched);
        for (String id : publish) {
            OpenIncident inc = open.get(id);
            boolean isNew = opened.contains(id);
            Incident event = IncidentTracker.toEvent(inc, isNew ? IncidentStatus.OPEN : IncidentStatus.UPDATE, ranker,
                    evidenceNear(inc, graph), recentChanges());
            if (isNew || IncidentTracker.materialChange(inc, event)) {
                out.add(event);
                open.put(id, IncidentTracker.reported(inc, event));
            }
        }
    }

    /** A time's points by series; a series' entity anomaly and its own point, by entity. */
    private static final Comparator<ScoredPoint> BY_SERIES = Comparator.comparing(ScoredPoint::series)
            .thenComparing(ScoredPoint::entity, Comparator.nullsFirst(Comparator.naturalOrder()));

    private void point(ScoredPoint p, String scopeKey, ServiceGraph graph, RootCauseRanker ranker, Timers timers,
            List<Incident> out, java.util.Set<String> opened, java.util.Set<String> touched) {
        // Every point is evidence for ranking, kept while an incident that may need it is open and
        // forgotten two gaps after it was last seen otherwise.
        long keepMs = 2 * gapMs;
        for (OpenIncident inc : open.values()) {
            keepMs = Math.max(keepMs, p.timestampMs() - inc.startsAtMs() + gapMs);
        }
        evidence = (evidence == null ? RecentEvidence.empty() : evidence).add(p.series(), p.service(), p.timestampMs(),
                p.score(), p.value(), p.expected(), keepMs);
        evidenceChanged = true;
        if (!p.anomalous()) {
            // Sub-threshold movement never opens an incident of its own.
            timers.register(p.timestampMs() + 2 * gapMs);
            return;
        }
        OpenIncident target = null;
        for (OpenIncident inc : List.copyOf(open.values())) {
            if (IncidentTracker.beyondGap(inc, p, gapMs)) {
                resolve(inc, ranker, graph, timers, out);
            } else if (near(inc, p.service(), graph) && joins(inc, p)
                    && (target == null || inc.startsAtMs() < target.startsAtMs())) {
                target = inc;
            }
        }
        OpenIncident inc;
        if (target == null) {
            inc = IncidentTracker.open(Scopes.of(p.labels(), config.scopeLabels()), scopeKey, p, gapMs);
            opened.add(inc.incidentId());
            timers.register(inc.timerAt());
        } else {
            long oldTimer = target.timerAt();
            inc = IncidentTracker.add(target, p, gapMs);
            if (inc.timerAt() != oldTimer) {
                timers.register(inc.timerAt());
            }
        }
        touched.add(inc.incidentId());
        open.put(inc.incidentId(), inc);
        changed.add(inc.incidentId());
    }

    /** A change event: kept for the look-back, as evidence for incidents that open soon after. */
    public void change(ChangeEvent c, Timers timers) {
        long keep = config.changeLookBack().toMillis() + gapMs;
        changes = (changes == null ? RecentChanges.empty() : changes).add(c, keep);
        changesChanged = true;
        timers.register(c.timestampMs() + keep);
    }

    /** Event time reached {@code nowMs}: resolves the incidents due, forgets what nothing needs. */
    public void timer(long nowMs, ServiceGraph graph, Timers timers, List<Incident> out) {
        boolean anyOpen = !open.isEmpty();
        RootCauseRanker ranker = RootCauseRanker.of(config, gapMs, graph);
        for (OpenIncident inc : List.copyOf(open.values())) {
            if (nowMs >= inc.timerAt()) {
                resolve(inc, ranker, graph, timers, out);
            }
        }
        if (changes != null && open.isEmpty()
                && changes.allBefore(nowMs - config.changeLookBack().toMillis() - gapMs + 1)) {
            changes = null;
            changesChanged = true;
        }
        if (open.isEmpty() && evidence != null && (anyOpen || evidence.quietSince(nowMs - 2 * gapMs))) {
            evidence = null;
            evidenceChanged = true;
        }
    }

    /**
     * Whether an anomaly belongs to the open incident in time: its own series' anomalies keep it open
     * for the session gap, a series new to it joins only within the join gap. Faults minutes apart
     * are separate episodes to the on-call engineer even when noise between them never lets the
     * first incident lapse, and each needs its own root cause.
     */
    private boolean joins(OpenIncident inc, ScoredPoint p) {
        return p.timestampMs() - inc.endsAtMs() <= config.joinGapMs(stepMs, p.intervalMs())
                || inc.affected().stream().anyMatch(a -> a.series().equals(p.series()));
    }

    /** Whether {@code service} belongs with an open incident: near one of its services in the graph. */
    private static boolean near(OpenIncident inc, String service, ServiceGraph g) {
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

    private void resolve(OpenIncident inc, RootCauseRanker ranker, ServiceGraph graph, Timers timers, List<Incident> out) {
        timers.delete(inc.timerAt());
        out.add(IncidentTracker.toEvent(inc, IncidentStatus.RESOLVED, ranker, evidenceNear(inc, graph), recentChanges()));
        open.remove(inc.incidentId());
        changed.remove(inc.incidentId());
        resolved.add(inc.incidentId());
    }

    /**
     * What the scope's series near the incident in the graph showed from one gap before its onset
     * on (an unrelated stack's movement is that stack's story).
     */
    private List<RecentEvidence.Item> evidenceNear(OpenIncident inc, ServiceGraph graph) {
        return evidence == null ? List.of() : evidence.since(inc.startsAtMs() - gapMs).stream()
                .filter(i -> near(inc, i.service(), graph)).toList();
    }

    private List<ChangeEvent> recentChanges() {
        return changes == null ? List.of() : changes.items();
    }

    /** The evidence, or null when none is kept. */
    public RecentEvidence evidence() {
        return evidence;
    }

    /** The recent changes, or null when none are kept. */
    public RecentChanges changes() {
        return changes;
    }

    /** The open incidents added or changed since the session was loaded. */
    public List<OpenIncident> changedIncidents() {
        List<OpenIncident> out = new ArrayList<>();
        for (String id : changed) {
            out.add(open.get(id));
        }
        return out;
    }

    /** The ids of the incidents resolved since the session was loaded. */
    public java.util.Set<String> resolvedIds() {
        return resolved;
    }

    public boolean evidenceChanged() {
        return evidenceChanged;
    }

    public boolean changesChanged() {
        return changesChanged;
    }
}
