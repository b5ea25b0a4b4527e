package io.vigil.ingest;

import io.vigil.model.MetricSample;
import io.vigil.model.SeriesIds;
import io.vigil.model.Timestamps;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes one line of the seed's CSV, {@code timestamp,metric,value[,label...]}: every column
 * after the third is a label named by the header. Fields may be double-quoted. An empty label cell
 * means the label is absent; an empty or NaN value is a missing point and goes to the dead letters.
 */
public final class CsvSampleDecoder implements SampleDecoder {
    public static final List<String> REQUIRED = List.of("timestamp", "metric", "value");

    private final List<String> columns;

    public CsvSampleDecoder(List<String> columns) {
        if (columns.size() < 3 || !columns.subList(0, 3).equals(REQUIRED)) {
            throw new IllegalArgumentException(
                    "CSV header must start with timestamp,metric,value but is " + String.join(",", columns));
        }
        this.columns = List.copyOf(columns);
    }

    /** True for the header line itself, which the file reader passes along like any other line. */
    public boolean isHeader(byte[] payload) {
        return split(new String(payload, StandardCharsets.UTF_8)).equals(columns);
    }

    @Override
    public MetricSample decode(byte[] payload, int partition, long offset) throws DecodeException {
        List<String> cells = split(new String(payload, StandardCharsets.UTF_8));
        if (cells.size() != columns.size()) {
            throw new DecodeException("expected " + columns.size() + " columns (" + String.join(",", columns)
                    + ") but found " + cells.size());
        }
        long ts;
        try {
            ts = Timestamps.parse(cells.get(0));
        } catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
        String metric = cells.get(1).trim();
        if (metric.isEmpty()) {
            throw new DecodeException("empty metric name");
        }
        double v = SampleValues.parse(cells.get(2));
        if (Double.isNaN(v)) {
            throw new DecodeException("no value (NaN): a missing point, left to gap filling");
        }
        Map<String, String> labels = new TreeMap<>();
        for (int i = 3; i < cells.size(); i++) {
            if (!cells.get(i).isEmpty()) {
                labels.put(columns.get(i), cells.get(i));
            }
        }
        return new MetricSample(SeriesIds.of(metric, labels), metric, labels, ts, v, false, partition, offset);
    }

    /** Splits one CSV line; a quoted field may hold commas and doubled quotes. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < l.length() && l.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
