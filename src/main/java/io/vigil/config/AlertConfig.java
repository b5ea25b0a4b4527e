package io.vigil.config;

import io.vigil.model.Severity;

import java.io.Serializable;
import java.time.Duration;

/**
 * Severity, gating and rate-limit settings (the {@code alert.*} keys).
 *
 * @param heartbeatInterval how often a streaming run writes its heartbeat alert
 */
public record AlertConfig(
        String alertName,
        Severity minSeverity,
        Duration rateLimit,
        Duration heartbeatInterval,
        Scoring scoring)
        implements Serializable {

    /**
     * How an incident's severity score is made (a weighted sum of four factors in [0, 1], the
     * weights adding up to 1) and cut into levels.
     *
     * @param affectedFull affected series at which that factor saturates
     * @param durationFull duration at which that factor saturates
     */
    public record Scoring(double criticalAt, double warningAt, double weightScore, double weightAffected,
            double weightDuration, double weightRootCause, int affectedFull, Duration durationFull)
            implements Serializable {}
}
