package io.vigil.config;

import java.io.Serializable;

/**
 * How many series the job keeps state for. Anything that can write to the metrics topic can mint
 * series (a request id in a label), and each one costs state in every keyed stage; the bridge's
 * guard holds only for what comes through the bridge.
 *
 * @param maxSeries live series in all (0: no cap)
 * @param maxPerTenant live series per value of {@code tenantLabel} (0: no cap)
 * @param tenantLabel the label whose value is a series' tenant ({@code job} by default: one flooding
 *     exporter fills its own share, not everyone's); a series without it is tenant {@code ""}
 */
public record SeriesLimits(int maxSeries, int maxPerTenant, String tenantLabel) implements Serializable {
    public static final SeriesLimits NONE = new SeriesLimits(0, 0, "job");

    public String tenantOf(java.util.Map<String, String> labels) {
        String t = labels.get(tenantLabel);
        return t == null ? "" : t;
    }
}
