package io.vigil.eval.nab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a detector's results in NAB's layout ({@code DIR/<category>/<detector>_<file>.csv}, also
 * {@code <file>.csv} and gzip-compressed {@code .csv.gz}) for the files the windows name, and
 * builds the corpus the scorer takes. Columns are found by header name.
 */
public final class NabResultsReader {
    /** A file's timestamps (as written and as epoch ms) and one numeric column, in row order. */
    public record Scores(String[] timestamps, long[] timestampsMs, double[] scores) {}

    private NabResultsReader() {}

    public static List<NabFile> corpus(Path resultsDir, String detector, Map<String, List<NabWindows.Window>> windows)
            throws IOException {
        List<NabFile> out = new ArrayList<>();
        for (var e : windows.entrySet()) {
            Path file = locate(resultsDir, detector, e.getKey());
            Scores s = read(file, "anomaly_score");
            out.add(new NabFile(e.getKey(), s.scores(), NabWindows.toRows(e.getKey(), s.timestampsMs(), e.getValue())));
        }
        return out;
    }

    static Path locate(Path dir, String detector, String name) {
        int slash = name.lastIndexOf('/');
        Path category = dir.resolve(name.substring(0, Math.max(0, slash)));
        String base = name.substring(slash + 1);
        for (String candidate : List.of(detector + "_" + base, base)) {
            for (String suffix : List.of("", ".gz")) {
                Path p = category.resolve(candidate + suffix);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("no results for " + name + " in " + dir + " (looked for "
                + category.resolve(detector + "_" + base) + ")");
    }

    /** The timestamp column and the named numeric column (blank = NaN) of one CSV file. */
    public static Scores read(Path file, String column) throws IOException {
        try (BufferedReader r = open(file)) {
            String header = r.readLine();
            List<String> cols = header == null ? List.of() : Arrays.asList(header.trim().split(","));
            int ts = cols.indexOf("timestamp");
            int sc = cols.indexOf(column);
            if (ts < 0 || sc < 0) {
                throw new IllegalArgumentException(file + ": header '" + header + "' lacks timestamp and " + column);
            }
            List<String> texts = new ArrayList<>();
            List<long[]> times = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length <= Math.max(ts, sc)) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": too few columns");
                }
                texts.add(f[ts].trim());
                times.add(new long[] {NabWindows.parseMs(f[ts], file + ":" + lineNo)});
                try {
                    scores.add(f[sc].isBlank() ? Double.NaN : Double.parseDouble(f[sc]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + column + " '" + f[sc]
                            + "' is not a number");
                }
            }
            long[] t = new long[times.size()];
            double[] s = new double[scores.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = times.get(i)[0];
                s[i] = scores.get(i);
            }
            return new Scores(texts.toArray(String[]::new), t, s);
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        var in = Files.newInputStream(file);
        return new BufferedReader(new InputStreamReader(
                file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
    }
}
