package io.vigil.model;

import java.util.Map;

/**
 * An Alertmanager-compatible alert for one incident ({@code vigil.alerts}).
 *
 * @param fingerprint stable for the incident's alert key across updates and restarts
 * @param endsAtMs 0 while firing, the incident's end once resolved
 */
public record Alert(
        String fingerprint,
        AlertStatus status,
        Map<String, String> labels,
        Map<String, String> annotations,
        long startsAtMs,
        long endsAtMs,
        String incidentId,
        double severityScore) {}
