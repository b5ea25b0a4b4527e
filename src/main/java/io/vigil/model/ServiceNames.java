package io.vigil.model;

import java.util.List;
import java.util.Map;

/** Which service a series belongs to: the first of the configured labels that is set. */
public final class ServiceNames {
    private ServiceNames() {}

    public static String of(Map<String, String> labels, List<String> serviceLabels) {
        for (String l : serviceLabels) {
            String v = labels.get(l);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
