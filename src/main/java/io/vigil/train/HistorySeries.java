package io.vigil.train;

import java.util.Map;

/**
 * One series' history, in time order: {@code stale[i]} marks a Prometheus staleness marker (the
 * series ended there; its value is NaN).
 */
public record HistorySeries(String series, String metric, Map<String, String> labels, long[] timestampsMs,
        double[] values, boolean[] stale) {
    public int size() {
        return timestampsMs.length;
    }
}
