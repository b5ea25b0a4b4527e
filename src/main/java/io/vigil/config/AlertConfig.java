package io.vigil.config;

import io.vigil.model.Severity;

import java.io.Serializable;
import java.time.Duration;

/** Severity, gating and rate-limit settings (the {@code alert.*} keys). */
public record AlertConfig(
        String alertName,
        Severity minSeverity,
        Duration rateLimit,
        double criticalAt,
        double warningAt,
        double weightScore,
        double weightAffected,
        double weightDuration,
        double weightRootCause,
        int affectedFull,
        Duration durationFull,
        Duration heartbeatInterval)
        implements Serializable {}
