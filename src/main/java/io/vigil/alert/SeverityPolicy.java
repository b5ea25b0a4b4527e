package io.vigil.alert;

import io.vigil.config.AlertConfig;
import io.vigil.model.Incident;
import io.vigil.model.Severity;

import java.io.Serializable;

/**
 * The seed's severity: a weighted sum of four factors in [0, 1] — the strength of the max anomaly
 * score ({@link #strength}), number of
 * affected series (saturating at {@code alert.affected-full}), duration (saturating at
 * {@code alert.duration-full}) and whether a root cause was identified — then mapped to a level by
 * the {@code critical-at} / {@code warning-at} cut-offs.
 */
public final class SeverityPolicy implements Serializable {
    private final AlertConfig.Scoring config;

    public SeverityPolicy(AlertConfig config) {
        this.config = config.scoring();
    }

    public double score(Incident inc) {
        double affected = Math.min(1.0, inc.affected().size() / (double) config.affectedFull());
        double duration = Math.min(1.0, (inc.endsAtMs() - inc.startsAtMs()) / (double) config.durationFull().toMillis());
        double rootCause = inc.rootCauses().isEmpty() ? 0.0 : 1.0;
        double s = config.weightScore() * strength(inc.maxScore()) + config.weightAffected() * affected
                + config.weightDuration() * duration + config.weightRootCause() * rootCause;
        return Math.max(0.0, Math.min(1.0, s));
    }

    /**
     * How strong the worst anomaly is, in [0, 1]: half its score's odds, s/(1 − s)/2, capped. With
     * calibrated scores the odds are −log10(p) in units of the half-surprise, so a point at the
     * default threshold (p = 1e-3) counts 0.5 and one at p = 1e-6 or rarer counts fully; a raw
     * z²/(z² + k²) score has odds (z/k)², the same reading.
     */
    static double strength(double score) {
        if (!(score > 0)) {
            return 0;
        }
        return score >= 1 ? 1 : Math.min(1, score / (2 * (1 - score)));
    }

    /** The same incident with its severity score set. */
    public Incident assess(Incident i) {
        return new Incident(i.incidentId(), i.status(), i.scope(), i.origin(), i.startsAtMs(), i.endsAtMs(),
                i.affected(), i.rootCauses(), i.changes(), i.maxScore(), i.anomalies(), score(i));
    }

    public Severity level(double score) {
        if (score >= config.criticalAt()) {
            return Severity.CRITICAL;
        }
        return score >= config.warningAt() ? Severity.WARNING : Severity.INFO;
    }
}
