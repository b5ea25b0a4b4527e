package io.vigil.model;

/** One series taking part in an incident. Times are epoch milliseconds. */
public record AffectedSeries(
        String series, String service, long firstAtMs, long lastAtMs, double maxScore, int anomalies) {}
