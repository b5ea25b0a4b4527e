package io.vigil.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One-line renderings of Vigil's output events for the demo's console. */
final class DemoText {
    private DemoText() {}

    static String clock(String rfc3339) {
        return rfc3339.length() >= 16 ? rfc3339.substring(11, 16) : rfc3339;
    }

    static String incident(JsonNode n) {
        String status = n.path("status").asText();
        String at = clock(status.equals("open") ? n.path("startsAt").asText() : n.path("endsAt").asText());
        Set<String> services = new LinkedHashSet<>();
        n.path("affected").forEach(a -> services.add(a.path("service").asText()));
        String top = n.path("rootCauses").path(0).path("service").asText("?");
        String head = String.format("[%s] incident %s %-8s", at, n.path("incidentId").asText(), status.toUpperCase());
        return switch (status) {
            case "open" -> head + " on " + n.path("origin").asText() + ": "
                    + n.path("affected").path(0).path("series").asText();
            case "update" -> head + " " + n.path("affected").size() + " series on " + String.join(", ", services)
                    + "; likely cause " + top;
            default -> head + " after " + n.path("durationSeconds").asLong() / 60 + " min: "
                    + n.path("affected").size() + " series, " + n.path("anomalies").asInt() + " anomalous points, "
                    + "severity " + String.format("%.2f", n.path("severity").asDouble()) + ", causes " + ranked(n);
        };
    }

    /** The ranked root causes with their scores: {@code payment 0.71 > checkout 0.19 > frontend 0.10}. */
    static String ranked(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.path("rootCauses").forEach(c -> out.add(c.path("service").asText() + " "
                + String.format(Locale.ROOT, "%.2f", c.path("score").asDouble())));
        return out.isEmpty() ? "?" : String.join(" > ", out);
    }

    static String alert(JsonNode n) {
        String status = n.path("status").asText();
        String at = clock(status.equals("firing") ? n.path("startsAt").asText() : n.path("endsAt").asText());
        return String.format("[%s] ALERT %-8s %-8s %s (fingerprint %s)", at, status.toUpperCase(),
                n.path("labels").path("severity").asText(), n.path("annotations").path("summary").asText(),
                n.path("fingerprint").asText());
    }
}
