package io.vigil.detect.entity;

import io.vigil.model.FirstLabel;

import java.util.List;
import java.util.Map;

/** Which entity a series belongs to: the first of the entity labels it carries, as {@code label=value}. */
public final class Entities {
    private Entities() {}

    /** The entity key of a series with these labels, or null when it carries none of {@code labelNames}. */
    public static String key(Map<String, String> labels, List<String> labelNames) {
        String label = FirstLabel.of(labels, labelNames);
        return label == null ? null : label + "=" + labels.get(label);
    }

    /** Whether a series with these labels belongs to an entity (as {@link #key}, without building it). */
    static boolean member(Map<String, String> labels, List<String> labelNames) {
        return FirstLabel.of(labels, labelNames) != null;
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
