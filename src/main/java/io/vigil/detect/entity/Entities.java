package io.vigil.detect.entity;

import java.util.List;
import java.util.Map;

/** Which entity a series belongs to: the first of the entity labels it carries, as {@code label=value}. */
public final class Entities {
    private Entities() {}

    /** The entity key of a series with these labels, or null when it carries none of {@code labelNames}. */
    public static String key(Map<String, String> labels, List<String> labelNames) {
        for (String name : labelNames) {
            String v = labels.get(name);
            if (v != null && !v.isEmpty()) {
                return name + "=" + v;
            }
        }
        return null;
    }

    /** The label name of an entity key. */
    static String label(String key) {
        return key.substring(0, key.indexOf('='));
    }

    /** The label value of an entity key (the entity's name). */
    static String name(String key) {
        return key.substring(key.indexOf('=') + 1);
    }
}
