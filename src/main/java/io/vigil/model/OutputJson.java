package io.vigil.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes Vigil's output events in the shapes the README's data formats section documents: RFC 3339 UTC timestamps with
 * milliseconds, wire names for enums, and null for a number that is not defined (NaN).
 */
public final class OutputJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputJson() {}

    public static String anomaly(ScoredPoint p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("series", p.series());
        n.put("metric", p.metric());
        n.set("labels", strings(p.labels()));
        n.put("service", p.service());
        n.put("timestamp", Timestamps.format(p.timestampMs()));
        number(n, "value", p.value());
        number(n, "expected", p.expected());
        number(n, "lower", p.lower());
        number(n, "upper", p.upper());
        number(n, "score", p.score());
        n.put("direction", p.direction().wireName());
        ObjectNode d = n.putObject("detectors");
        new TreeMap<>(p.detectors()).forEach((k, v) -> number(d, k, v));
        if (!p.modelVersion().isEmpty()) {
            n.put("model", p.modelVersion());
        }
        if (!p.entity().isEmpty()) {
            n.put("entity", p.entity());
            ArrayNode c = n.putArray("contributors");
            for (Contributor k : p.contributors()) {
                ObjectNode o = c.addObject();
                o.put("series", k.series());
                number(o, "value", k.value());
                number(o, "typical", k.typical());
                number(o, "share", k.share());
            }
        }
        return write(n);
    }

    /**
     * Affected series an incident event lists, earliest onset first; {@code affectedTotal} counts
     * them all. A storm across thousands of series must not make events larger than a Kafka message.
     */
    public static final int LISTED_AFFECTED = 100;

    public static String incident(Incident i) {
        ObjectNode n = JSON.createObjectNode();
        n.put("incidentId", i.incidentId());
        n.put("status", i.status().wireName());
        n.set("scope", strings(i.scope()));
        n.put("startsAt", Timestamps.format(i.startsAtMs()));
        n.put("endsAt", Timestamps.format(i.endsAtMs()));
        n.put("durationSeconds", (i.endsAtMs() - i.startsAtMs()) / 1000);
        n.put("origin", i.origin());
        ArrayNode affected = n.putArray("affected");
        for (AffectedSeries a : i.affected().subList(0, Math.min(LISTED_AFFECTED, i.affected().size()))) {
            ObjectNode o = affected.addObject();
            o.put("series", a.series());
            o.put("service", a.service());
            o.put("firstAt", Timestamps.format(a.firstAtMs()));
            o.put("lastAt", Timestamps.format(a.lastAtMs()));
            number(o, "maxScore", a.maxScore());
            o.put("anomalies", a.anomalies());
        }
        n.put("affectedTotal", i.affected().size());
        ArrayNode causes = n.putArray("rootCauses");
        for (RootCause c : i.rootCauses()) {
            ObjectNode o = causes.addObject();
            o.put("service", c.service());
            o.put("series", c.series());
            number(o, "score", c.score());
            o.put("evidence", c.evidence());
        }
        ArrayNode changes = n.putArray("changes");
        for (ChangeEvent c : i.changes()) {
            ObjectNode o = changes.addObject();
            o.put("timestamp", Timestamps.format(c.timestampMs()));
            o.put("service", c.service());
            o.put("kind", c.kind());
            o.put("description", c.description());
        }
        number(n, "maxScore", i.maxScore());
        n.put("anomalies", i.anomalies());
        number(n, "severity", i.severity());
        return write(n);
    }

    public static String alert(Alert a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("fingerprint", a.fingerprint());
        n.put("status", a.status().wireName());
        n.set("labels", strings(a.labels()));
        n.set("annotations", strings(a.annotations()));
        n.put("startsAt", Timestamps.format(a.startsAtMs()));
        if (a.endsAtMs() > 0) {
            n.put("endsAt", Timestamps.format(a.endsAtMs()));
        }
        n.put("incidentId", a.incidentId());
        number(n, "severityScore", a.severityScore());
        return write(n);
    }

    /**
     * One sample as a prometheus-kafka-adapter record, which Vigil reads back as it is: how dead
     * letters carry samples that were decoded but not used, so they can be replayed.
     */
    public static String adapterRecord(long timestampMs, double value, String name, Map<String, String> labels) {
        ObjectNode n = JSON.createObjectNode();
        n.put("timestamp", Timestamps.formatAny(timestampMs));
        n.put("value", Double.isNaN(value) ? "NaN" : Double.isInfinite(value) ? (value > 0 ? "+Inf" : "-Inf")
                : Double.toString(value));
        n.put("name", name == null ? "" : name);
        ObjectNode l = n.putObject("labels");
        labels.forEach(l::put);
        return write(n);
    }

    public static String adapterRecord(MetricSample s) {
        return adapterRecord(s.timestampMs(), s.value(), s.metric(), s.labels());
    }

    public static String deadLetter(DeadLetter d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stage", d.stage());
        n.put("reason", d.reason());
        n.put("topic", d.topic());
        n.put("partition", d.partition());
        n.put("offset", d.offset());
        n.put("payload", d.payload());
        if (d.payloadBase64()) {
            n.put("payloadEncoding", "base64");
        }
        n.put("at", Timestamps.format(d.atMs()));
        return write(n);
    }

    /** One {@code scores.csv} row: {@code timestamp,series,value,expected,lower,upper,score,alert}. */
    public static String scoreRow(ScoredPoint p) {
        return Timestamps.format(p.timestampMs()) + "," + csvQuote(p.series()) + "," + num(p.value()) + ","
                + num(p.expected()) + "," + num(p.lower()) + "," + num(p.upper()) + "," + num(p.score()) + ","
                + (p.anomalous() ? 1 : 0);
    }

    /** The files a replay writes, by what they hold. */
    public static final String SCORES_FILE = "scores.csv";
    public static final String ANOMALIES_FILE = "anomalies.jsonl";
    public static final String INCIDENTS_FILE = "incidents.jsonl";
    public static final String ALERTS_FILE = "alerts.jsonl";
    public static final String DEAD_LETTERS_FILE = "deadletter.jsonl";

    public static final String SCORES_HEADER = "timestamp,series,value,expected,lower,upper,score,alert";

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String csvQuote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static ObjectNode strings(Map<String, String> m) {
        ObjectNode o = JSON.createObjectNode();
        new TreeMap<>(m).forEach(o::put);
        return o;
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
