package io.vigil.alert;

import io.vigil.config.AlertConfig;
import io.vigil.model.Incident;
import io.vigil.model.Severity;

import java.io.Serializable;

/**
 * The seed's severity: a weighted sum of four factors in [0, 1] — max anomaly score, number of
 * affected series (saturating at {@code alert.affected-full}), duration (saturating at
 * {@code alert.duration-full}) and whether a root cause was identified — then mapped to a level by
 * the {@code critical-at} / {@code warning-at} cut-offs.
 */
public final class SeverityPolicy implements Serializable {
    private final AlertConfig config;

    public SeverityPolicy(AlertConfig config) {
        this.config = config;
    }

    public double score(Incident inc) {
        double affected = Math.min(1.0, inc.affected().size() / (double) config.affectedFull());
        double duration = Math.min(1.0, (inc.endsAtMs() - inc.startsAtMs()) / (double) config.durationFull().toMillis());
        double rootCause = inc.rootCauses().isEmpty() ? 0.0 : 1.0;
        double s = config.weightScore() * inc.maxScore() + config.weightAffected() * affected
                + config.weightDuration() * duration + config.weightRootCause() * rootCause;
        return Math.max(0.0, Math.min(1.0, s));
    }

    /** The same incident with its severity score set. */
    public Incident assess(Incident i) {
        return new Incident(i.incidentId(), i.status(), i.scope(), i.origin(), i.startsAtMs(), i.endsAtMs(),
                i.affected(), i.rootCauses(), i.maxScore(), i.anomalies(), score(i));
    }

    public Severity level(double score) {
        if (score >= config.criticalAt()) {
            return Severity.CRITICAL;
        }
        return score >= config.warningAt() ? Severity.WARNING : Severity.INFO;
    }
}
