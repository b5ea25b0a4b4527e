package io.vigil.model;

import java.util.List;
import java.util.Map;

/**
 * A group of anomalies in one scope that are close in event time (an event-time session).
 *
 * @param incidentId stable for the life of the incident, across updates and restarts
 * @param scope the scope labels the incident was grouped by
 * @param origin the service of the anomaly that opened the incident; never changes
 * @param startsAtMs onset of the earliest anomaly
 * @param endsAtMs the latest anomaly so far (for resolved incidents: the last anomaly)
 * @param affected affected series by onset, earliest first
 * @param rootCauses ranked candidates, best first
 * @param changes change events on candidate services shortly before the onset (evidence)
 * @param maxScore the highest anomaly score in the incident
 * @param anomalies how many anomalous points the incident holds
 * @param severity severity score in [0, 1] (see the alert stage)
 */
public record Incident(
        String incidentId,
        IncidentStatus status,
        Map<String, String> scope,
        String origin,
        long startsAtMs,
        long endsAtMs,
        List<AffectedSeries> affected,
        List<RootCause> rootCauses,
        List<ChangeEvent> changes,
        double maxScore,
        int anomalies,
        double severity) {}
