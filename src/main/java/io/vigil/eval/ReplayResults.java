package io.vigil.eval;

import io.vigil.ingest.CsvSampleDecoder;
import io.vigil.model.OutputJson;
import io.vigil.model.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The output files of {@code vigil replay} read back for scoring: incidents (their events folded
 * per incident id), firing alerts, the number of anomalous points, and scores.csv per series.
 */
public record ReplayResults(
        List<IncidentSummary> incidents, List<FiredAlert> firingAlerts, long anomalies,
        Map<String, SeriesScores> series) {

    /** One incident as its last event describes it. */
    public record IncidentSummary(String incidentId, long startMs, long endMs, Set<String> services,
            Set<String> series, int anomalies, double maxScore, String topCause) {}

    /** A firing alert as it went out. */
    public record FiredAlert(String fingerprint, String incidentId, String severity, long startsAtMs) {}

    /** One series' rows of scores.csv, in file order. */
    public record SeriesScores(String series, long[] timestampsMs, double[] values, double[] expected,
            double[] lower, double[] upper, double[] scores, boolean[] alert) {
        public int rows() {
            return values.length;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * These results from {@code fromMs} on: rows, firing alerts and incidents that start there or
     * later (the anomaly count is kept whole).
     */
    public ReplayResults since(long fromMs) {
        Map<String, SeriesScores> kept = new LinkedHashMap<>();
        for (SeriesScores s : series.values()) {
            int first = 0;
            while (first < s.rows() && s.timestampsMs()[first] < fromMs) {
                first++;
            }
            int n = s.rows();
            kept.put(s.series(), new SeriesScores(s.series(), Arrays.copyOfRange(s.timestampsMs(), first, n),
                    Arrays.copyOfRange(s.values(), first, n), Arrays.copyOfRange(s.expected(), first, n),
                    Arrays.copyOfRange(s.lower(), first, n), Arrays.copyOfRange(s.upper(), first, n),
                    Arrays.copyOfRange(s.scores(), first, n), Arrays.copyOfRange(s.alert(), first, n)));
        }
        return new ReplayResults(incidents.stream().filter(i -> i.startMs() >= fromMs).toList(),
                firingAlerts.stream().filter(a -> a.startsAtMs() >= fromMs).toList(), anomalies, kept);
    }

    public static ReplayResults read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--results " + dir + " is not a directory (run vigil replay first)");
        }
        return new ReplayResults(incidents(require(dir, OutputJson.INCIDENTS_FILE)), alerts(require(dir, OutputJson.ALERTS_FILE)),
                countLines(require(dir, OutputJson.ANOMALIES_FILE)), scores(require(dir, OutputJson.SCORES_FILE)));
    }

    private static Path require(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("--results " + dir + " has no " + name + " (is it a vigil replay output?)");
        }
        return p;
    }

    private static List<IncidentSummary> incidents(Path file) throws IOException {
        Map<String, IncidentSummary> byId = new LinkedHashMap<>();
        for (JsonNode n : jsonLines(file)) {
            String id = n.path("incidentId").asText();
            Set<String> services = new LinkedHashSet<>();
            Set<String> series = new LinkedHashSet<>();
            for (JsonNode a : n.path("affected")) {
                services.add(a.path("service").asText());
                series.add(a.path("series").asText());
            }
            JsonNode causes = n.path("rootCauses");
            String top = causes.isArray() && causes.size() > 0 ? causes.get(0).path("service").asText() : "";
            IncidentSummary prev = byId.get(id);
            long start = Timestamps.parse(n.path("startsAt").asText());
            if (prev != null) {
                services.addAll(prev.services());
                series.addAll(prev.series());
                start = Math.min(start, prev.startMs());
            }
            byId.put(id, new IncidentSummary(id, start, Timestamps.parse(n.path("endsAt").asText()), services, series,
                    n.path("anomalies").asInt(), n.path("maxScore").asDouble(), top));
        }
        return List.copyOf(byId.values());
    }

    private static List<FiredAlert> alerts(Path file) throws IOException {
        List<FiredAlert> out = new ArrayList<>();
        for (JsonNode n : jsonLines(file)) {
            if ("firing".equals(n.path("status").asText())) {
                out.add(new FiredAlert(n.path("fingerprint").asText(), n.path("incidentId").asText(),
                        n.path("labels").path("severity").asText(), Timestamps.parse(n.path("startsAt").asText())));
            }
        }
        return out;
    }

    /** The non-blank lines of a JSON-lines file, parsed; a bad line names the file and line. */
    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (!line.isBlank()) {
                out.add(parse(file, lineNo, line));
            }
        }
        return out;
    }

    private static JsonNode parse(Path file, int lineNo, String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": not JSON: " + e.getMessage());
        }
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }

    /** Rows of scores.csv grouped by series (sorted by name), each series in file order. */
    private static Map<String, SeriesScores> scores(Path file) throws IOException {
        Map<String, List<String[]>> rows = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("timestamp,series,value")) {
                throw new IllegalArgumentException(file + ": expected the scores.csv header, found '" + header + "'");
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    String[] f = CsvSampleDecoder.split(line).toArray(String[]::new);
                    rows.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
                }
            }
        }
        Map<String, SeriesScores> out = new LinkedHashMap<>();
        rows.forEach((series, list) -> {
            int n = list.size();
            long[] ts = new long[n];
            double[][] cols = new double[5][n];
            boolean[] alert = new boolean[n];
            for (int i = 0; i < n; i++) {
                String[] f = list.get(i);
                ts[i] = Timestamps.parse(f[0]);
                for (int c = 0; c < 5; c++) {
                    cols[c][i] = f[2 + c].isEmpty() ? Double.NaN : Double.parseDouble(f[2 + c]);
                }
                alert[i] = "1".equals(f[7].trim());
            }
            out.put(series, new SeriesScores(series, ts, cols[0], cols[1], cols[2], cols[3], cols[4], alert));
        });
        return out;
    }
}
