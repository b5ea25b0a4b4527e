package io.vigil.eval.rca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vigil.model.Timestamps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a replay's incidents against a scenario's faults: a fault is found when an incident overlaps
 * its window and touches a service the fault reached; AC@k when its root is among the top k root
 * causes of the earliest such incident; one incident per fault when exactly one such incident exists.
 */
public record RcaScore(int faults, int found, int top1, int top3, int oneIncident) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RcaScore of(RcaScenario scenario, Path incidentsJsonl) throws IOException {
        Map<String, JsonNode> last = new LinkedHashMap<>();
        for (String line : Files.readAllLines(incidentsJsonl)) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                last.put(n.path("incidentId").asText(), n);
            }
        }
        int found = 0;
        int top1 = 0;
        int top3 = 0;
        int one = 0;
        for (RcaScenario.Fault f : scenario.faults()) {
            long from = f.startMs();
            long to = f.startMs() + (RcaScenario.FAULT_MINUTES + 5) * RcaScenario.MINUTE;
            List<JsonNode> overlapping = new ArrayList<>();
            for (JsonNode n : last.values()) {
                long s = Timestamps.parse(n.path("startsAt").asText());
                long e = Timestamps.parse(n.path("endsAt").asText());
                // The fault's incidents: overlapping it in time and touching a service it reached (an
                // unrelated blip elsewhere at the same time is its own, correctly separate, incident).
                boolean touches = false;
                for (JsonNode a : n.path("affected")) {
                    touches |= f.reached().containsKey(a.path("service").asText());
                }
                if (s <= to && e >= from && touches) {
                    overlapping.add(n);
                }
            }
            if (overlapping.isEmpty()) {
                continue;
            }
            found++;
            one += overlapping.size() == 1 ? 1 : 0;
            JsonNode first = overlapping.stream().min((a, b) -> a.path("startsAt").asText()
                    .compareTo(b.path("startsAt").asText())).orElseThrow();
            List<String> causes = new ArrayList<>();
            first.path("rootCauses").forEach(c -> causes.add(c.path("service").asText()));
            top1 += !causes.isEmpty() && causes.get(0).equals(f.root()) ? 1 : 0;
            top3 += causes.subList(0, Math.min(3, causes.size())).contains(f.root()) ? 1 : 0;
        }
        return new RcaScore(scenario.faults().size(), found, top1, top3, one);
    }

    public RcaScore plus(RcaScore o) {
        return new RcaScore(faults + o.faults, found + o.found, top1 + o.top1, top3 + o.top3, oneIncident + o.oneIncident);
    }

    /** AC@1 over the faults found (the RCA's accuracy, not the detector's recall). */
    public double ac1() {
        return found == 0 ? 0 : top1 / (double) found;
    }

    public double ac3() {
        return found == 0 ? 0 : top3 / (double) found;
    }

    public double oneIncidentRate() {
        return found == 0 ? 0 : oneIncident / (double) found;
    }
}
