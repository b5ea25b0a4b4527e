package io.vigil.model;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks series the way a Prometheus instant selector does, equality matchers only:
 * {@code metric}, {@code metric{job="api",instance="a:9100"}} or {@code {job="api"}}.
 *
 * @param metric the metric name, or empty to match any
 * @param labels labels that must be present with exactly these values
 */
public record SeriesSelector(String metric, Map<String, String> labels) implements Serializable {
    /** Matches every series. */
    public static final SeriesSelector ALL = new SeriesSelector("", Map.of());


    public static SeriesSelector parse(String text) {
        String s = text.trim();
        int brace = s.indexOf('{');
        if (brace < 0) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty series selector: give metric or metric{label=\"value\"}");
            }
            return new SeriesSelector(s, Map.of());
        }
        if (!s.endsWith("}")) {
            throw new IllegalArgumentException("series selector " + text + " has no closing }");
        }
        Map<String, String> labels = new TreeMap<>();
        String body = s.substring(brace + 1, s.length() - 1).trim();
        int i = 0;
        while (i < body.length()) {
            int eq = body.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("series selector " + text + ": expected label=\"value\" at '"
                        + body.substring(i) + "'");
            }
            String name = body.substring(i, eq).trim();
            if (name.endsWith("!") || (eq + 1 < body.length() && body.charAt(eq + 1) == '~')) {
                throw new IllegalArgumentException("series selector " + text
                        + ": only equality matchers (label=\"value\") are supported");
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            while (j < body.length() && body.charAt(j) == ' ') {
                j++;
            }
            if (j < body.length() && body.charAt(j) == '"') {
                j++;
                while (j < body.length() && body.charAt(j) != '"') {
                    if (body.charAt(j) == '\\' && j + 1 < body.length()) {
                        j++;
                    }
                    value.append(body.charAt(j++));
                }
                if (j >= body.length()) {
                    throw new IllegalArgumentException("series selector " + text + ": unterminated quote");
                }
                j++;
            } else {
                while (j < body.length() && body.charAt(j) != ',') {
                    value.append(body.charAt(j++));
                }
            }
            labels.put(name, value.toString().trim());
            while (j < body.length() && (body.charAt(j) == ',' || body.charAt(j) == ' ')) {
                j++;
            }
            i = j;
        }
        return new SeriesSelector(s.substring(0, brace).trim(), Map.copyOf(labels));
    }

    public boolean matches(String seriesMetric, Map<String, String> seriesLabels) {
        if (!metric.isEmpty() && !metric.equals(seriesMetric)) {
            return false;
        }
        for (var e : labels.entrySet()) {
            if (!e.getValue().equals(seriesLabels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
