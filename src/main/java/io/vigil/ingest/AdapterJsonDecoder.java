package io.vigil.ingest;

import io.vigil.model.MetricSample;
import io.vigil.model.SeriesIds;
import io.vigil.model.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes the prometheus-kafka-adapter JSON shape:
 * {@code {"timestamp":"2026-11-24T18:56:06Z","value":"0.25","name":"up","labels":{...}}}.
 * The value is a string ("NaN" is a staleness marker); numbers are accepted too. The metric name
 * comes from {@code name}, else {@code labels.__name__}.
 */
public final class AdapterJsonDecoder implements SampleDecoder {
    @Override
    public MetricSample decode(byte[] payload, int partition, long offset) throws DecodeException {
        JsonNode root = JsonObjects.read(payload);
        Map<String, String> labels = labels(root.get("labels"));
        String metric = text(root, "name");
        if (metric == null) {
            metric = labels.get("__name__");
        }
        if (metric == null || metric.isEmpty()) {
            throw new DecodeException("missing required field 'name' (and no labels.__name__)");
        }
        labels.remove("__name__");
        String ts = text(root, "timestamp");
        if (ts == null) {
            throw new DecodeException("missing required field 'timestamp'");
        }
        long timestampMs;
        try {
            timestampMs = Timestamps.parse(ts);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
        String value = text(root, "value");
        if (value == null) {
            throw new DecodeException("missing required field 'value'");
        }
        double v = SampleValues.parse(value);
        return new MetricSample(SeriesIds.of(metric, labels), metric, labels, timestampMs, v, Double.isNaN(v), partition,
                offset);
    }

    private static String text(JsonNode root, String field) throws DecodeException {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw new DecodeException("field '" + field + "' must be a string or number");
        }
        return n.asText();
    }

    private static Map<String, String> labels(JsonNode node) throws DecodeException {
        Map<String, String> labels = new TreeMap<>();
        if (node == null || node.isNull()) {
            return labels;
        }
        if (!node.isObject()) {
            throw new DecodeException("field 'labels' must be an object");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isValueNode()) {
                throw new DecodeException("label '" + e.getKey() + "' must be a string");
            }
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }
}
