package io.vigil.config;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How many labels a series may carry and how long their names and values may be. The bridge refuses
 * such series at the door; the job applies the same {@code bridge.limits.*} values to every record
 * it reads, since anything that can write to the metrics topic can skip the bridge. A series of a
 * thousand labels or a megabyte-long value would otherwise become a key held in every stage's state.
 *
 * @param maxLabels labels per series, {@code __name__} included
 * @param maxNameLength bytes of a label name (UTF-8)
 * @param maxValueLength bytes of a label value (UTF-8)
 */
public record LabelLimits(int maxLabels, int maxNameLength, int maxValueLength) implements Serializable {
    /** Why a series with this metric name and these labels (without {@code __name__}) is refused, or null. */
    public String refuse(String metric, Map<String, String> labels) {
        if (labels.size() + 1 > maxLabels) {
            return "series of " + shortened(metric) + " has " + (labels.size() + 1) + " labels, above "
                    + "bridge.limits.max-labels-per-series " + maxLabels;
        }
        if (bytes(metric) > maxValueLength) {
            return "metric name " + shortened(metric) + " is " + bytes(metric) + " bytes, above "
                    + "bridge.limits.max-label-value-length " + maxValueLength;
        }
        for (var e : labels.entrySet()) {
            if (bytes(e.getKey()) > maxNameLength) {
                return "series of " + shortened(metric) + " has a label name of " + bytes(e.getKey())
                        + " bytes, above bridge.limits.max-label-name-length " + maxNameLength;
            }
            if (bytes(e.getValue()) > maxValueLength) {
                return "label " + shortened(e.getKey()) + " of series of " + shortened(metric) + " is "
                        + bytes(e.getValue()) + " bytes, above bridge.limits.max-label-value-length " + maxValueLength;
            }
        }
        return null;
    }

    /** UTF-8 length, counted only when the characters alone could exceed a limit (rare). */
    private int bytes(String s) {
        return s.length() * 3 <= Math.min(maxNameLength, maxValueLength) ? s.length()
                : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A name or value short enough for a reason line: a refused value may be a megabyte. */
    public static String shortened(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "... (" + s.length() + " characters)";
    }
}
