package io.vigil.correlate;

import io.vigil.model.AffectedSeries;
import io.vigil.model.ChangeEvent;
import io.vigil.model.Hashes;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.RootCause;
import io.vigil.model.ScoredPoint;
import io.vigil.model.Timestamps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident lifecycle as plain logic: an anomaly opens an incident (published at once, not when
 * the session closes), anomalies within the session gap join it and publish an update when the
 * affected set grows by a quarter, the max score rises by {@link #MATERIAL_SCORE_RISE} or the top
 * root cause changes, and the incident resolves when the gap passes with no anomaly.
 */
public final class IncidentTracker {
    /** A score rise smaller than this is not worth an update event (it would flap on noise). */
    static final double MATERIAL_SCORE_RISE = 0.1;

    private static final Comparator<AffectedSeries> BY_ONSET =
            Comparator.comparingLong(AffectedSeries::firstAtMs).thenComparing(AffectedSeries::series);

    private IncidentTracker() {}

    public static OpenIncident open(Map<String, String> scope, String scopeKey, ScoredPoint p, long gapMs) {
        String id = incidentId(scopeKey, p.timestampMs(), p.series());
        var affected = List.of(new AffectedSeries(p.series(), p.service(), p.timestampMs(), p.timestampMs(),
                p.score(), 1));
        return new OpenIncident(id, scope, p.service(), p.timestampMs(), p.timestampMs(), affected, p.score(), 1,
                0, 0.0, p.timestampMs() + gapMs, "");
    }

    /** True when {@code p} falls after the session gap: the open incident is over, a new one starts. */
    public static boolean beyondGap(OpenIncident inc, ScoredPoint p, long gapMs) {
        return p.timestampMs() > inc.endsAtMs() + gapMs;
    }

    public static OpenIncident add(OpenIncident inc, ScoredPoint p, long gapMs) {
        List<AffectedSeries> affected = new ArrayList<>(inc.affected());
        boolean found = false;
        for (int i = 0; i < affected.size(); i++) {
            AffectedSeries a = affected.get(i);
            if (a.series().equals(p.series())) {
                affected.set(i, new AffectedSeries(a.series(), a.service(), Math.min(a.firstAtMs(), p.timestampMs()),
                        Math.max(a.lastAtMs(), p.timestampMs()), Math.max(a.maxScore(), p.score()),
                        a.anomalies() + 1));
                found = true;
                break;
            }
        }
        if (!found) {
            AffectedSeries added = new AffectedSeries(p.series(), p.service(), p.timestampMs(), p.timestampMs(),
                    p.score(), 1);
            affected.add(added);
            // Points come in event-time order, a time's points by series, so a new series nearly
            // always belongs at the end: sort only when it does not (a series filled in late).
            if (affected.size() > 1 && BY_ONSET.compare(affected.get(affected.size() - 2), added) > 0) {
                affected.sort(BY_ONSET);
            }
        }
        long ends = Math.max(inc.endsAtMs(), p.timestampMs());
        return new OpenIncident(inc.incidentId(), inc.scope(), inc.origin(), Math.min(inc.startsAtMs(), p.timestampMs()),
                ends, List.copyOf(affected), Math.max(inc.maxScore(), p.score()), inc.anomalies() + 1,
                inc.reportedSeries(), inc.reportedMaxScore(), ends + gapMs, inc.reportedCause());
    }

    /**
     * Whether an update is news: clearly more series, a clearly higher score, or another top root
     * cause (the on-call engineer would be looking in the wrong place). Each of the first four
     * series is news, then a quarter more than last published: a storm across ten thousand series
     * is some forty updates, not one per series (each of which lists the series).
     */
    public static boolean materialChange(OpenIncident inc, Incident event) {
        int reported = inc.reportedSeries();
        return inc.affected().size() >= reported + Math.max(1, reported / 4)
                || inc.maxScore() >= inc.reportedMaxScore() + MATERIAL_SCORE_RISE
                || !topCause(event).equals(inc.reportedCause());
    }

    static String topCause(Incident event) {
        return event.rootCauses().isEmpty() ? "" : event.rootCauses().get(0).service();
    }

    /** The incident as just published in {@code event}. */
    public static OpenIncident reported(OpenIncident inc, Incident event) {
        return reported(inc, topCause(event));
    }

    private static OpenIncident reported(OpenIncident inc, String cause) {
        return new OpenIncident(inc.incidentId(), inc.scope(), inc.origin(), inc.startsAtMs(), inc.endsAtMs(),
                inc.affected(), inc.maxScore(), inc.anomalies(), inc.affected().size(), inc.maxScore(), inc.timerAt(),
                cause);
    }

    /**
     * The published event: the incident as it stands, its root causes ranked on the service graph
     * from what the series near it showed ({@code evidence}) and recent change events; changes on a
     * ranked candidate within the look-back are attached to the incident.
     */
    public static Incident toEvent(OpenIncident inc, IncidentStatus status, RootCauseRanker ranker,
            List<RecentEvidence.Item> evidence, List<ChangeEvent> changes) {
        List<RootCause> causes = ranker.rank(inc.affected(), inc.startsAtMs(), evidence, changes);
        List<ChangeEvent> attached = new ArrayList<>();
        for (ChangeEvent c : changes) {
            if (ranker.relevant(c, inc.startsAtMs()) && causes.stream().anyMatch(r -> r.service().equals(c.service()))) {
                attached.add(c);
            }
        }
        return new Incident(inc.incidentId(), status, inc.scope(), inc.origin(), inc.startsAtMs(), inc.endsAtMs(),
                inc.affected(), causes, List.copyOf(attached), inc.maxScore(), inc.anomalies(), 0.0);
    }

    /** Stable id: the same scope, onset and first series give the same id across restarts and replays. */
    static String incidentId(String scopeKey, long onsetMs, String series) {
        return "inc-" + Hashes.shortId(scopeKey + "|" + onsetMs + "|" + series);
    }
}
