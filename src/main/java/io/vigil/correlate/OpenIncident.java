package io.vigil.correlate;

import io.vigil.model.AffectedSeries;

import java.util.List;
import java.util.Map;

/**
 * An incident whose session has not closed yet. State value of {@link GroupIncidents}.
 *
 * @param affected by onset, earliest first
 * @param reportedSeries how many affected series the last published event listed
 * @param reportedMaxScore the max score the last published event carried
 * @param timerAt the registered session-close timer
 * @param reportedCause the top root cause the last published event named ("" before the first)
 */
public record OpenIncident(
        String incidentId,
        Map<String, String> scope,
        String origin,
        long startsAtMs,
        long endsAtMs,
        List<AffectedSeries> affected,
        double maxScore,
        int anomalies,
        int reportedSeries,
        double reportedMaxScore,
        long timerAt,
        String reportedCause) {}
