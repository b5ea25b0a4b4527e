package io.vigil.eval;

import io.vigil.eval.ReplayResults.IncidentSummary;
import io.vigil.eval.ReplayResults.SeriesScores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Scores replay results against labelled incidents; see {@link LabelScore} for the definitions. */
public final class LabelScorer {
    private static final double MS_PER_DAY = 86_400_000.0;

    private final Duration grace;
    private final List<String> serviceLabels;

    /**
     * @param grace how long after a label's end a Vigil incident still counts as the same fault (an
     *     incident only resolves a session gap after its last anomaly)
     */
    public LabelScorer(Duration grace, List<String> serviceLabels) {
        this.grace = grace;
        this.serviceLabels = List.copyOf(serviceLabels);
    }

    public LabelScore score(List<LabelledIncident> labels, ReplayResults results) {
        Set<String> paged = new HashSet<>();
        results.firingAlerts().forEach(a -> paged.add(a.incidentId()));
        int labelsDetected = 0;
        int labelsPaged = 0;
        List<Double> delays = new ArrayList<>();
        for (LabelledIncident l : labels) {
            long first = Long.MAX_VALUE;
            boolean wasPaged = false;
            for (IncidentSummary inc : results.incidents()) {
                if (matches(inc, l)) {
                    first = Math.min(first, inc.startMs());
                    wasPaged |= paged.contains(inc.incidentId());
                }
            }
            if (first != Long.MAX_VALUE) {
                labelsDetected++;
                delays.add(Math.max(0, first - l.startMs()) / 1000.0);
            }
            labelsPaged += wasPaged ? 1 : 0;
        }
        int matched = 0;
        int pagedIncidents = 0;
        int pagedMatched = 0;
        for (IncidentSummary inc : results.incidents()) {
            boolean m = labels.stream().anyMatch(l -> matches(inc, l));
            boolean p = paged.contains(inc.incidentId());
            matched += m ? 1 : 0;
            pagedIncidents += p ? 1 : 0;
            pagedMatched += m && p ? 1 : 0;
        }
        long[] rows = rowCounts(labels, results);
        Collections.sort(delays);
        return new LabelScore(labels.size(), labelsDetected, labelsPaged, results.incidents().size(), matched,
                pagedIncidents, pagedMatched, results.firingAlerts().size(), results.anomalies(), rows[0], rows[1],
                rows[2], rows[3],
                delays.isEmpty() ? Double.NaN : delays.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2),
                delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1),
                span(results) / MS_PER_DAY);
    }

    /** True when the incident overlaps the label (end + grace) on a service the label concerns. */
    boolean matches(IncidentSummary inc, LabelledIncident l) {
        boolean overlaps = inc.startMs() <= l.endMs() + grace.toMillis() && inc.endMs() >= l.startMs();
        return overlaps && (l.services().isEmpty() || inc.services().stream().anyMatch(l::concerns));
    }

    /** {negative rows, flagged negative rows, positive rows, flagged positive rows}. */
    private long[] rowCounts(List<LabelledIncident> labels, ReplayResults results) {
        long[] c = new long[4];
        for (SeriesScores s : results.series().values()) {
            String service = SeriesLabels.service(s.series(), serviceLabels);
            List<LabelledIncident> relevant = labels.stream().filter(l -> l.concerns(service)).toList();
            for (int i = 0; i < s.rows(); i++) {
                long t = s.timestampsMs()[i];
                boolean positive = relevant.stream().anyMatch(l -> t >= l.startMs() && t <= l.endMs() + grace.toMillis());
                int k = positive ? 2 : 0;
                c[k]++;
                if (s.alert()[i]) {
                    c[k + 1]++;
                }
            }
        }
        return c;
    }

    private static long span(ReplayResults results) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (SeriesScores s : results.series().values()) {
            for (long t : s.timestampsMs()) {
                min = Math.min(min, t);
                max = Math.max(max, t);
            }
        }
        return min == Long.MAX_VALUE ? 0 : max - min;
    }
}
