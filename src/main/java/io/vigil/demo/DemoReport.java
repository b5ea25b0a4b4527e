package io.vigil.demo;

import io.vigil.model.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores the demo: which injected faults Vigil turned into an incident, how fast, and how many raw
 * anomalies and alerts it took. An injected fault counts as detected when a Vigil incident that
 * involves the faulty service or one it spreads to overlaps the fault's time span (plus
 * {@link #SLACK_MIN} for the session gap).
 */
public final class DemoReport {
    static final int SLACK_MIN = 5;

    /** One injected fault and what Vigil made of it. */
    public record Match(InjectedIncident injected, String incidentId, long delaySeconds, String topCause) {
        public boolean detected() {
            return incidentId != null;
        }
    }

    /** The demo's numbers. */
    public record Summary(
            long samples,
            long malformed,
            long deadLetters,
            List<Match> matches,
            int vigilIncidents,
            int unmatchedIncidents,
            long anomalousPoints,
            long alertsFiring,
            long alertsResolved,
            long alertsSuppressed,
            double wallSeconds) {

        public long detected() {
            return matches.stream().filter(Match::detected).count();
        }

        public double recall() {
            return matches.isEmpty() ? 0 : detected() / (double) matches.size();
        }
    }

    private DemoReport() {}

    /** The last event per incident id: its final shape. */
    static Map<String, JsonNode> finalIncidents(List<JsonNode> events) {
        Map<String, JsonNode> last = new LinkedHashMap<>();
        for (JsonNode e : events) {
            last.put(e.path("incidentId").asText(), e);
        }
        return last;
    }

    public static Summary summarize(List<InjectedIncident> injected, OutputWatcher out, MetricsProducer.Produced p,
            long suppressed, double wallSeconds) {
        Map<String, JsonNode> incidents = finalIncidents(out.incidents());
        Set<String> matched = new HashSet<>();
        List<Match> matches = new ArrayList<>();
        long start = DemoScenario.START.toEpochMilli();
        for (InjectedIncident inj : injected) {
            Set<String> involved = new HashSet<>();
            involved.add(inj.service());
            inj.spreads().forEach(s -> involved.add(s.service()));
            long from = start + inj.startMin() * 60_000L;
            long to = start + (inj.endMin() + SLACK_MIN) * 60_000L;
            Match m = new Match(inj, null, -1, null);
            for (var e : incidents.entrySet()) {
                JsonNode n = e.getValue();
                long s = Timestamps.parse(n.path("startsAt").asText());
                long t = Timestamps.parse(n.path("endsAt").asText());
                if (s <= to && t >= from && involves(n, involved)) {
                    matched.add(e.getKey());
                    if (!m.detected()) {
                        m = new Match(inj, e.getKey(), Math.max(0, (s - from) / 1000),
                                n.path("rootCauses").path(0).path("service").asText(""));
                    }
                }
            }
            matches.add(m);
        }
        long firing = out.alerts().stream().filter(a -> a.path("status").asText().equals("firing")).count();
        return new Summary(p.samples(), p.malformed(), out.deadLetters(), matches, incidents.size(),
                incidents.size() - matched.size(), out.anomalies(), firing, out.alerts().size() - firing, suppressed,
                wallSeconds);
    }

    private static boolean involves(JsonNode incident, Set<String> services) {
        for (JsonNode a : incident.path("affected")) {
            if (services.contains(a.path("service").asText())) {
                return true;
            }
        }
        return false;
    }

    public static List<String> render(Summary s, int hours) {
        List<String> l = new ArrayList<>();
        l.add("");
        l.add(String.format("Vigil demo summary: %d h of metrics from %d services (%d series) replayed live in %.0f s",
                hours, DemoScenario.SERVICES.size(), DemoScenario.SERVICES.size() * Signal.values().length,
                s.wallSeconds()));
        l.add(String.format("  samples produced      %,d (+%d malformed records; dead letters seen: %d)",
                s.samples(), s.malformed(), s.deadLetters()));
        l.add(String.format("  injected incidents    %d", s.matches().size()));
        for (Match m : s.matches()) {
            String when = DemoText.clock(Timestamps.format(DemoScenario.START.toEpochMilli()
                    + m.injected().startMin() * 60_000L));
            l.add(m.detected()
                    ? String.format("    [%s] DETECTED %-20s after %3d s, likely cause %-9s  %s", when,
                            m.incidentId(), m.delaySeconds(), m.topCause(), m.injected().description())
                    : String.format("    [%s] MISSED                                                  %s", when,
                            m.injected().description()));
        }
        l.add(String.format("  detected incidents    %d of %d (recall %.0f%%); Vigil incidents %d, of which %d match "
                + "no injected fault", s.detected(), s.matches().size(), 100 * s.recall(), s.vigilIncidents(),
                s.unmatchedIncidents()));
        l.add(String.format("  raw anomalous points  %,d", s.anomalousPoints()));
        l.add(String.format("  alerts sent           %d firing + %d resolved", s.alertsFiring(), s.alertsResolved()));
        l.add(String.format("  alerts suppressed     %d (duplicates and rate-limited repeats)", s.alertsSuppressed()));
        l.add(String.format("  compression           %,d anomalous points -> %d incidents -> %d pages",
                s.anomalousPoints(), s.vigilIncidents(), s.alertsFiring()));
        return l;
    }
}
