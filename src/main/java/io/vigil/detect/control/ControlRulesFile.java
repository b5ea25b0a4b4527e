package io.vigil.detect.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.vigil.config.ControlSettings;
import io.vigil.model.SeriesSelector;
import io.vigil.model.Timestamps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the controls file ({@code detect.controls.rules}): per-selector rules and calendar windows.
 * Every error names the file, the entry and the field.
 *
 * <pre>
 * rules:
 *   - selector: 'http_request_duration_p99_seconds{service="payment"}'
 *     persistence: 3/5            # 3 of the last 5 points
 *     open-threshold: 0.6
 *     close-threshold: 0.4
 *     min-deviation: 0.05         # series units
 *     min-relative-deviation: 0.2
 *     direction: up               # up | down | both
 *     refractory: 2h              # no new alarm for 2 h after one ends, unless stronger
 * windows:
 *   - name: inventory-db-maintenance
 *     selector: '{service="inventory"}'
 *     start: 2026-12-01T02:00:00Z
 *     end: 2026-12-01T04:00:00Z
 *     action: mute                # mute (drop results) | freeze (stop learning) | both
 * </pre>
 */
public final class ControlRulesFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> RULE_FIELDS = Set.of("selector", "persistence", "open-threshold",
            "close-threshold", "min-deviation", "min-relative-deviation", "direction", "refractory");
    private static final Set<String> WINDOW_FIELDS = Set.of("name", "selector", "start", "end", "action");

    private ControlRulesFile() {}

    public static ControlRules read(Path file, ControlSettings defaults) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("controls file " + file + " does not exist");
        } catch (JacksonException e) {
            throw new IllegalArgumentException("controls file " + file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read controls file " + file + ": " + e.getMessage());
        }
        List<ControlRules.Rule> rules = new ArrayList<>();
        List<ControlRules.Window> windows = new ArrayList<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!key.equals("rules") && !key.equals("windows")) {
                    throw new IllegalArgumentException(file + ": unknown section '" + key + "' (rules, windows)");
                }
            }
            int i = 0;
            for (JsonNode r : list(root, "rules", file)) {
                rules.add(rule(r, file + ": rules[" + i++ + "]"));
            }
            i = 0;
            for (JsonNode w : list(root, "windows", file)) {
                windows.add(window(w, file + ": windows[" + i++ + "]"));
            }
        }
        ControlRules out = new ControlRules(defaults, List.copyOf(rules), List.copyOf(windows));
        // Resolve every rule against the defaults once, so a rule that makes an invalid combination
        // (close above open, k above n) fails now, not on the first matching series.
        ControlSettings s = defaults;
        for (int k = 0; k < rules.size(); k++) {
            try {
                s = new ControlRules(s, List.of(rules.get(k)), List.of()).settingsFor(
                        rules.get(k).selector().metric(), rules.get(k).selector().labels());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": rules[" + k + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static Iterable<JsonNode> list(JsonNode root, String name, Path file) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(file + ": '" + name + "' must be a list");
        }
        return n;
    }

    private static ControlRules.Rule rule(JsonNode r, String where) {
        fieldsKnown(r, RULE_FIELDS, where);
        try {
            SeriesSelector selector = SeriesSelector.parse(required(r, "selector", where));
            Integer k = null;
            Integer n = null;
            if (r.has("persistence")) {
                int[] kn = ControlSettings.parsePersistence(r.get("persistence").asText());
                k = kn[0];
                n = kn[1];
            }
            return new ControlRules.Rule(selector, k, n, number(r, "open-threshold"), number(r, "close-threshold"),
                    number(r, "min-deviation"), number(r, "min-relative-deviation"),
                    r.has("direction") ? ControlSettings.Direction.parse(r.get("direction").asText()) : null,
                    r.has("refractory") ? refractory(r.get("refractory").asText()) : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static ControlRules.Window window(JsonNode w, String where) {
        fieldsKnown(w, WINDOW_FIELDS, where);
        try {
            String action = w.has("action") ? w.get("action").asText() : "mute";
            boolean mute = action.equals("mute") || action.equals("both");
            boolean freeze = action.equals("freeze") || action.equals("both");
            if (!mute && !freeze) {
                throw new IllegalArgumentException("action must be mute, freeze or both, not " + action);
            }
            long start = Timestamps.parse(required(w, "start", where));
            long end = Timestamps.parse(required(w, "end", where));
            if (end <= start) {
                throw new IllegalArgumentException("end must be after start");
            }
            String name = w.has("name") ? w.get("name").asText() : "window";
            return new ControlRules.Window(name, SeriesSelector.parse(required(w, "selector", where)), start, end,
                    mute, freeze);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static void fieldsKnown(JsonNode n, Set<String> known, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + ": must be a map of fields");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static String required(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return v.asText();
    }

    /** A duration as the configuration writes them (Flink's syntax: 30 min, 2h, 1d). */
    private static long refractory(String text) {
        try {
            long ms = org.apache.flink.util.TimeUtils.parseDuration(text).toMillis();
            if (ms < 0) {
                throw new IllegalArgumentException();
            }
            return ms;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("refractory must be a duration such as 30 min or 2h, not '" + text + "'");
        }
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, not " + v.asText());
        }
        return v.asDouble();
    }
}
