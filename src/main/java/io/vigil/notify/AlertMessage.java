package io.vigil.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert as the notifier reads it from the alerts topic ({@code vigil.alerts}).
 *
 * @param endsAt RFC 3339: when a resolved alert ended, or until when a firing one holds (the
 *     heartbeat); empty for a firing alert that holds until resolved
 * @param generatorUrl Alertmanager's {@code generatorURL} when the producer set one, else empty
 */
public record AlertMessage(String fingerprint, boolean firing, Map<String, String> labels,
        Map<String, String> annotations, String startsAt, String endsAt, String incidentId, double severityScore,
        String generatorUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static AlertMessage parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("alert is not valid JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject() || n.path("fingerprint").asText("").isEmpty()) {
            throw new IllegalArgumentException("alert has no fingerprint");
        }
        String status = n.path("status").asText("");
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw new IllegalArgumentException("alert status must be firing or resolved, not '" + status + "'");
        }
        return new AlertMessage(n.path("fingerprint").asText(), status.equals("firing"), strings(n.path("labels")),
                strings(n.path("annotations")), n.path("startsAt").asText(""), n.path("endsAt").asText(""),
                n.path("incidentId").asText(""), n.path("severityScore").asDouble(0),
                n.path("generatorURL").asText(""));
    }

    /** This alert as resolved at {@code endsAt} (RFC 3339). */
    public AlertMessage resolvedAt(String endsAt) {
        return new AlertMessage(fingerprint, false, labels, annotations, startsAt, endsAt, incidentId, severityScore,
                generatorUrl);
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new TreeMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(m);
    }

    public String severity() {
        return labels.getOrDefault("severity", "info");
    }

    public String service() {
        return labels.getOrDefault("service", "");
    }
}
