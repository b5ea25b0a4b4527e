package io.vigil.forecast;

import io.vigil.ingest.CsvHistory;
import io.vigil.model.SeriesSelector;
import io.vigil.model.MetricSample;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One series' history from a CSV in the seed's format ({@code timestamp,metric,value[,label...]}),
 * sorted by time; a repeated timestamp keeps the last row. Rows that do not decode are counted and
 * the first few reported with their line numbers; they are never silently lost.
 *
 * @param skipped rows that could not be decoded (reported on {@code progress})
 */
public record SeriesHistory(String series, String metric, Map<String, String> labels, long[] timestampsMs,
        double[] values, long skipped) {
    public static SeriesHistory read(Path file, SeriesSelector selector, PrintWriter progress) throws IOException {
        TreeMap<Long, Double> points = new TreeMap<>();
        TreeSet<String> matched = new TreeSet<>();
        TreeSet<String> seen = new TreeSet<>();
        MetricSample[] first = new MetricSample[1];
        long skipped = CsvHistory.read(file, progress, text -> {
            String metric = metricCell(text);
            if (metric != null && !selector.metric().isEmpty() && !metric.equals(selector.metric())) {
                // Another metric: not decoded at all (most rows of a multi-series file).
                if (seen.size() < 10_000) {
                    seen.add(metric);
                }
                return false;
            }
            return true;
        }, s -> {
            if (seen.size() < 10_000) {
                seen.add(s.series());
            }
            if (!selector.matches(s.metric(), s.labels())) {
                return;
            }
            matched.add(s.series());
            if (matched.size() > 1) {
                throw new IllegalArgumentException("selector matches several series in " + file + ", e.g. "
                        + String.join(" and ", matched) + "; add labels to pick one");
            }
            if (first[0] == null) {
                first[0] = s;
            }
            points.put(s.timestampMs(), s.value());
        });
        if (first[0] == null) {
            throw new IllegalArgumentException("no series in " + file + " matches the selector; it has "
                    + (seen.isEmpty() ? "none" : String.join(", ", seen.stream().limit(10).toList())
                            + (seen.size() > 10 ? ", ..." : "")));
        }
        long[] t = new long[points.size()];
        double[] v = new double[points.size()];
        int i = 0;
        for (var e : points.entrySet()) {
            t[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new SeriesHistory(first[0].series(), first[0].metric(), first[0].labels(), t, v, skipped);
    }

    /** The metric column of a row without quotes in its first two cells, else null (decode fully). */
    static String metricCell(String line) {
        int c1 = line.indexOf(',');
        int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
        if (c2 < 0 || line.lastIndexOf('"', c2) >= 0) {
            return null;
        }
        return line.substring(c1 + 1, c2).trim();
    }

    public int size() {
        return timestampsMs.length;
    }

    /** Rows to leave out of the fit: those inside any of the given [start, end] intervals. */
    public boolean[] inside(List<long[]> intervals) {
        boolean[] out = new boolean[size()];
        for (long[] iv : intervals) {
            int from = Arrays.binarySearch(timestampsMs, iv[0]);
            for (int i = from < 0 ? -from - 1 : from; i < size() && timestampsMs[i] <= iv[1]; i++) {
                out[i] = true;
            }
        }
        return out;
    }
}
