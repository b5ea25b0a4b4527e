package io.vigil.model;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The canonical series id: {@code metric{a="1",b="2"}} with labels sorted, as Prometheus prints it. */
public final class SeriesIds {
    private SeriesIds() {}

    public static String of(String metric, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(metric.length() + 16 * labels.size());
        sb.append(metric).append('{');
        boolean first = true;
        // Decoders build their labels as TreeMaps already: sort only what is not sorted.
        Map<String, String> sorted = labels instanceof SortedMap<String, String> s && s.comparator() == null
                ? labels : new TreeMap<>(labels);
        for (var e : sorted.entrySet()) {
            if (e.getKey().equals("__name__")) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append("=\"");
            escape(e.getValue(), sb);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    /** The metric name of a series id: everything before its labels. */
    public static String metricOf(String id) {
        int brace = id.indexOf('{');
        return brace < 0 ? id : id.substring(0, brace);
    }

    private static void escape(String v, StringBuilder sb) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }
}
