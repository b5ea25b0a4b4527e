package io.vigil.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** Parses the JSON lines Vigil writes, for assertions. */
public final class OutputLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputLines() {}

    public static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            try {
                out.add(JSON.readTree(l));
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }
        return out;
    }
}
