package io.vigil.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import io.vigil.model.ChangeEvent;
import io.vigil.model.Timestamps;

import java.util.Map;
import java.util.TreeMap;

/** Decodes a change event; {@code timestamp} and {@code service} are required, {@code kind} defaults to "change". */
public final class ChangeEventDecoder {
    public ChangeEvent decode(byte[] payload) throws DecodeException {
        JsonNode root = JsonObjects.read(payload);
        String ts = root.path("timestamp").asText("");
        String service = root.path("service").asText("").trim();
        if (ts.isEmpty() || service.isEmpty()) {
            throw new DecodeException("change event needs 'timestamp' and 'service'");
        }
        long at;
        try {
            at = Timestamps.parse(ts);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
        Map<String, String> labels = new TreeMap<>();
        root.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ChangeEvent(at, service, root.path("kind").asText("change"), root.path("description").asText(""),
                Map.copyOf(labels));
    }
}
