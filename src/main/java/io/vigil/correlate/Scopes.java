package io.vigil.correlate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The incident scope of a series: the values of the configured scope labels. */
public final class Scopes {
    private Scopes() {}

    public static Map<String, String> of(Map<String, String> labels, List<String> scopeLabels) {
        Map<String, String> scope = new LinkedHashMap<>();
        for (String l : scopeLabels) {
            scope.put(l, labels.getOrDefault(l, ""));
        }
        return scope;
    }

    /** Key for keyBy: {@code k=v,k=v}, or {@code *} when no scope labels are configured. */
    public static String key(Map<String, String> labels, List<String> scopeLabels) {
        if (scopeLabels.isEmpty()) {
            return "*";
        }
        StringBuilder sb = new StringBuilder();
        for (String l : scopeLabels) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(l).append('=').append(labels.getOrDefault(l, ""));
        }
        return sb.toString();
    }
}
