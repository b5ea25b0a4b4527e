package io.vigil.model;

import java.util.List;
import java.util.Map;

/** The first of a list of label names that a series sets (non-empty): how a service or an entity is named. */
public final class FirstLabel {
    private FirstLabel() {}

    /** The name of the first of {@code names} set in {@code labels}, or null when none is. */
    public static String of(Map<String, String> labels, List<String> names) {
        for (String name : names) {
            String v = labels.get(name);
            if (v != null && !v.isEmpty()) {
                return name;
            }
        }
        return null;
    }
}
