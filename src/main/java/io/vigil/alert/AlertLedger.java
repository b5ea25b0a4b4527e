package io.vigil.alert;

/**
 * What was sent for one fingerprint. State value of {@link DeduplicateAlerts}.
 *
 * @param incidentId the incident currently tracked ("" when none is open)
 * @param firing true when a firing alert was sent for that incident and not yet resolved
 * @param sentLevel ordinal of the severity last sent (-1 when nothing was sent for it)
 * @param lastFiringAtMs event time of the last firing alert sent, or {@link Long#MIN_VALUE}
 * @param clearTimer the registered clean-up timer, or {@link Long#MIN_VALUE}
 */
public record AlertLedger(String incidentId, boolean firing, int sentLevel, long lastFiringAtMs, long clearTimer) {
    public static final long NONE = Long.MIN_VALUE;

    public static AlertLedger empty() {
        return new AlertLedger("", false, -1, NONE, NONE);
    }
}
