package io.vigil.detect.store;

import io.vigil.detect.calibrate.CalibrationState;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A seed as one JSON line of a seed file: {@code {"series", "until", "points", "interval", "detectors": {kind:
 * state}, "calibrations": {kind: state}}}, each state a detector's own state record by its field
 * names (so a reader names the field at fault, and a record that gained a field still reads).
 */
public final class SeedCodec {
    public static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Map<String, Class<?>> stateTypes;

    /** A codec for these detectors' states: detector name → its state record. */
    public SeedCodec(Map<String, Class<?>> stateTypes) {
        this.stateTypes = Map.copyOf(stateTypes);
    }

    public byte[] encode(SeriesSeed s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("series", s.series());
        n.put("until", s.untilMs());
        n.put("points", s.points());
        n.put("interval", s.intervalMs());
        ObjectNode d = n.putObject("detectors");
        s.detectors().forEach((k, v) -> d.set(k, JSON.valueToTree(v)));
        ObjectNode c = n.putObject("calibrations");
        s.calibrations().forEach((k, v) -> c.set(k, JSON.valueToTree(v)));
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("seed of " + s.series() + " does not encode", e);
        }
    }

    /** A line's series and the end of its history, from its first two fields, without decoding the states. */
    record Head(String series, long untilMs) {}

    static Head head(byte[] line) throws IOException {
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
                    && p.currentName().equals("series") && p.nextToken() == JsonToken.VALUE_STRING) {
                String series = p.getText();
                if (p.nextToken() == JsonToken.FIELD_NAME && p.currentName().equals("until")
                        && p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                    return new Head(series, p.getLongValue());
                }
            }
        }
        throw new IllegalArgumentException("a seed line does not start with its \"series\" and \"until\"");
    }

    /** Decodes a line; kinds this job does not run are skipped, a state that does not read is an error. */
    public SeriesSeed decode(byte[] line) {
        try {
            JsonNode n = JSON.readTree(line);
            JsonNode id = n.get("series");
            if (id == null || !id.isTextual()) {
                throw new IllegalArgumentException("seed line has no \"series\"");
            }
            String series = id.asText();
            Map<String, Object> detectors = new HashMap<>();
            Map<String, CalibrationState> calibrations = new HashMap<>();
            JsonNode d = n.path("detectors");
            JsonNode c = n.path("calibrations");
            for (var e : stateTypes.entrySet()) {
                if (d.has(e.getKey())) {
                    detectors.put(e.getKey(), JSON.treeToValue(d.get(e.getKey()), e.getValue()));
                }
                if (c.has(e.getKey())) {
                    calibrations.put(e.getKey(), JSON.treeToValue(c.get(e.getKey()), CalibrationState.class));
                }
            }
            return new SeriesSeed(series, n.path("until").asLong(), n.path("points").asLong(),
                    n.path("interval").asLong(), detectors, calibrations);
        } catch (IOException e) {
            throw new IllegalArgumentException("seed line does not read: " + e.getMessage(), e);
        }
    }
}
