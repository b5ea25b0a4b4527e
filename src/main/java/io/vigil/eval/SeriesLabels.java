package io.vigil.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labels of a series id written as {@code metric{a="1",b="2"}} (the inverse of SeriesIds). */
public final class SeriesLabels {
    private SeriesLabels() {}

    public static Map<String, String> parse(String seriesId) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = seriesId.indexOf('{');
        if (i < 0) {
            return out;
        }
        i++;
        while (i < seriesId.length() && seriesId.charAt(i) != '}') {
            int eq = seriesId.indexOf("=\"", i);
            if (eq < 0) {
                break;
            }
            String key = seriesId.substring(i, eq);
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            for (; j < seriesId.length() && seriesId.charAt(j) != '"'; j++) {
                char c = seriesId.charAt(j);
                if (c == '\\' && j + 1 < seriesId.length()) {
                    char e = seriesId.charAt(++j);
                    v.append(e == 'n' ? '\n' : e);
                } else {
                    v.append(c);
                }
            }
            out.put(key, v.toString());
            i = j + 1;
            if (i < seriesId.length() && seriesId.charAt(i) == ',') {
                i++;
            }
        }
        return out;
    }

    /** The first of {@code serviceLabels} present on the series, or "". */
    public static String service(String seriesId, List<String> serviceLabels) {
        Map<String, String> labels = parse(seriesId);
        for (String l : serviceLabels) {
            String v = labels.get(l);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
