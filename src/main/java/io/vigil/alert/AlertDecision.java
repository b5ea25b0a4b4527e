package io.vigil.alert;

import io.vigil.config.AlertConfig;
import io.vigil.model.Alert;
import io.vigil.model.AlertStatus;
import io.vigil.model.Incident;
import io.vigil.model.IncidentStatus;
import io.vigil.model.RootCause;
import io.vigil.model.Severity;
import io.vigil.model.Timestamps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides, per fingerprint, whether an incident event becomes an alert:
 * <ul>
 *   <li>open/update: fire once when the severity reaches the gate; fire again only when the
 *       severity level rises (escalation is news); a new incident within {@code rate-limit} of the
 *       last firing is suppressed (the same thing flapping);
 *   <li>resolved: send {@code resolved} only if a firing alert went out for the incident.
 * </ul>
 * Plain logic; {@link DeduplicateAlerts} keeps the ledger in state.
 */
public final class AlertDecision {
    /** The outcome: the alert to send (null when none) and the new ledger. */
    public record Outcome(Alert alert, AlertLedger ledger, Reason reason) {}

    public enum Reason {
        SENT,
        BELOW_MIN_SEVERITY,
        RATE_LIMITED,
        DUPLICATE,
        NOT_FIRING
    }

    private final AlertConfig config;
    private final SeverityPolicy policy;

    public AlertDecision(AlertConfig config) {
        this.config = config;
        this.policy = new SeverityPolicy(config);
    }

    public Outcome decide(AlertLedger ledger, Incident inc, String fingerprint) {
        AlertLedger l = ledger.incidentId().equals(inc.incidentId()) ? ledger
                : new AlertLedger(inc.incidentId(), false, -1, ledger.lastFiringAtMs(), ledger.clearTimer());
        Severity level = policy.level(inc.severity());
        if (inc.status() == IncidentStatus.RESOLVED) {
            AlertLedger closed = new AlertLedger("", false, -1, l.lastFiringAtMs(), l.clearTimer());
            // Resolve with the labels the firing alert carried, or Alertmanager sees a different alert.
            return l.firing()
                    ? new Outcome(alert(inc, fingerprint, Severity.values()[l.sentLevel()], AlertStatus.RESOLVED),
                            closed, Reason.SENT)
                    : new Outcome(null, closed, Reason.NOT_FIRING);
        }
        if (level.compareTo(config.minSeverity()) < 0) {
            return new Outcome(null, l, Reason.BELOW_MIN_SEVERITY);
        }
        if (l.firing()) {
            if (level.ordinal() <= l.sentLevel()) {
                return new Outcome(null, l, Reason.DUPLICATE);
            }
        } else if (l.lastFiringAtMs() != AlertLedger.NONE
                && inc.endsAtMs() - l.lastFiringAtMs() < config.rateLimit().toMillis()) {
            return new Outcome(null, l, Reason.RATE_LIMITED);
        }
        AlertLedger sent = new AlertLedger(inc.incidentId(), true, level.ordinal(), inc.endsAtMs(), l.clearTimer());
        return new Outcome(alert(inc, fingerprint, level, AlertStatus.FIRING), sent, Reason.SENT);
    }

    private Alert alert(Incident inc, String fingerprint, Severity level, AlertStatus status) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", config.alertName());
        labels.put("severity", level.wireName());
        labels.put("service", inc.origin());
        inc.scope().forEach(labels::putIfAbsent);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary(inc));
        annotations.put("description", description(inc));
        if (!inc.rootCauses().isEmpty()) {
            RootCause top = inc.rootCauses().get(0);
            annotations.put("root_cause", top.service() + ": " + top.evidence());
        }
        return new Alert(fingerprint, status, labels, annotations, inc.startsAtMs(),
                status == AlertStatus.RESOLVED ? inc.endsAtMs() : 0L, inc.incidentId(), inc.severity());
    }

    private static String summary(Incident inc) {
        long services = inc.affected().stream().map(a -> a.service()).distinct().count();
        return String.format("%s: %d anomalous series across %d service(s) since %s",
                inc.origin().isEmpty() ? "incident" : inc.origin(), inc.affected().size(), services,
                Timestamps.format(inc.startsAtMs()));
    }

    private static String description(Incident inc) {
        StringBuilder sb = new StringBuilder();
        sb.append(inc.anomalies()).append(" anomalous points, max score ")
                .append(String.format("%.2f", inc.maxScore())).append(". Affected: ");
        int shown = 0;
        for (var a : inc.affected()) {
            if (shown++ == 5) {
                sb.append(", ... (").append(inc.affected().size() - 5).append(" more)");
                break;
            }
            sb.append(shown > 1 ? ", " : "").append(a.series());
        }
        return sb.toString();
    }
}
