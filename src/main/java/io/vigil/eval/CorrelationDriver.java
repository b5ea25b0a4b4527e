package io.vigil.eval;

import io.vigil.alert.AlertDecision;
import io.vigil.alert.AlertFingerprints;
import io.vigil.alert.AlertLedger;
import io.vigil.alert.SeverityPolicy;
import io.vigil.config.VigilConfig;
import io.vigil.correlate.IncidentSession;
import io.vigil.correlate.Scopes;
import io.vigil.correlate.ServiceGraph;
import io.vigil.correlate.ServiceGraphFile;
import io.vigil.correlate.ServiceResolver;
import io.vigil.model.Alert;
import io.vigil.model.Incident;
import io.vigil.model.ScoredPoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The stages after detection, driven in memory with the classes the Flink operators host: every
 * point's service ({@link ServiceResolver}, as {@code AttributeServices}), the points that reach the
 * sessions ({@link IncidentSession#takes}), one {@link IncidentSession} per scope with its timers
 * kept here (as {@code GroupIncidents} keeps them in event time), the severity
 * ({@link SeverityPolicy}) and the alert decision per fingerprint ({@link AlertDecision}). The caller
 * hands over the points of each event time in turn, in time order; within one time, points are
 * handled by series, as the operator handles them.
 */
final class CorrelationDriver {
    private final VigilConfig config;
    private final ServiceGraph graph;
    private final SeverityPolicy severity;
    private final AlertDecision decision;
    private final Map<String, Scope> scopes = new TreeMap<>();
    private final Map<String, AlertLedger> ledgers = new HashMap<>();
    private final List<Incident> incidents = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    /** The latest time handed over: points not after it are late and join without a timer (as in the operator). */
    private long handled = Long.MIN_VALUE;

    /** One scope's session and the times it asked to be called back at. */
    private static final class Scope implements IncidentSession.Timers {
        final IncidentSession session;
        final TreeSet<Long> timers = new TreeSet<>();

        Scope(IncidentSession session) {
            this.session = session;
        }

        @Override
        public void register(long atMs) {
            timers.add(atMs);
        }

        @Override
        public void delete(long atMs) {
            timers.remove(atMs);
        }
    }

    CorrelationDriver(VigilConfig config) {
        this.config = config;
        this.graph = ServiceGraphFile.load(config.correlate());
        this.severity = new SeverityPolicy(config.alert());
        this.decision = new AlertDecision(config.alert());
    }

    /** The point attributed to its service, as it is written to the anomalies. */
    ScoredPoint attribute(ScoredPoint p) {
        return p.withService(ServiceResolver.serviceOf(graph, config.correlate().serviceLabels(), p.labels(),
                p.service()));
    }

    /**
     * The attributed points of one event time; returns the firing alerts they caused.
     */
    List<Alert> at(long tsMs, List<ScoredPoint> points) {
        int before = alerts.size();
        Map<String, List<ScoredPoint>> byScope = new TreeMap<>();
        for (ScoredPoint p : points) {
            if (IncidentSession.takes(p, config.correlate())) {
                byScope.computeIfAbsent(Scopes.key(p.labels(), config.correlate().scopeLabels()), k -> new ArrayList<>())
                        .add(p);
            }
        }
        boolean lateTime = tsMs <= handled;
        for (var e : byScope.entrySet()) {
            Scope s = scopes.computeIfAbsent(e.getKey(), k -> new Scope(IncidentSession.empty(config.correlate(), config.features().stepMs())));
            if (!lateTime) {
                fireBefore(e.getKey(), s, tsMs);
            }
            List<Incident> events = new ArrayList<>();
            s.session.points(e.getValue(), e.getKey(), graph, s, events);
            if (!lateTime) {
                s.timers.remove(tsMs);
                s.session.timer(tsMs, graph, s, events);
            }
            emit(events);
        }
        handled = Math.max(handled, tsMs);
        return firing(before);
    }

    /** Event time ran out (the end of a bounded input): every timer fires. */
    List<Alert> finish() {
        int before = alerts.size();
        for (var e : scopes.entrySet()) {
            fireBefore(e.getKey(), e.getValue(), Long.MAX_VALUE);
        }
        return firing(before);
    }

    private void fireBefore(String key, Scope s, long tsMs) {
        while (!s.timers.isEmpty() && s.timers.first() < tsMs) {
            long t = s.timers.pollFirst();
            List<Incident> events = new ArrayList<>();
            s.session.timer(t, graph, s, events);
            emit(events);
        }
    }

    private void emit(List<Incident> events) {
        for (Incident raw : events) {
            Incident inc = severity.assess(raw);
            incidents.add(inc);
            String fingerprint = AlertFingerprints.of(config.alert().alertName(), inc);
            var outcome = decision.decide(ledgers.getOrDefault(fingerprint, AlertLedger.empty()), inc, fingerprint);
            ledgers.put(fingerprint, outcome.ledger());
            if (outcome.reason() == AlertDecision.Reason.SENT) {
                alerts.add(outcome.alert());
            }
        }
    }

    private List<Alert> firing(int from) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : alerts.subList(from, alerts.size())) {
            if (a.status() == io.vigil.model.AlertStatus.FIRING) {
                out.add(a);
            }
        }
        return out;
    }

    List<Incident> incidents() {
        return incidents;
    }

    List<Alert> alerts() {
        return alerts;
    }
}
