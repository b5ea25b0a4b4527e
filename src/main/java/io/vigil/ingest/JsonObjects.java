package io.vigil.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Reads one record's payload as a JSON object, or says in a DecodeException why it is not one. */
final class JsonObjects {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonObjects() {}

    static JsonNode read(byte[] payload) throws DecodeException {
        if (payload.length == 0) {
            throw new DecodeException("empty record");
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new DecodeException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DecodeException("unreadable record: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new DecodeException("not a JSON object");
        }
        return root;
    }
}
