package io.vigil.detect.seasonal;

/**
 * The seasonal detector's bucket history, kept apart from the rest of its state (keyed state
 * {@code detector-seasonal-history-v1}): read and written only when a bucket closes (hourly by
 * default), where the rest is read and written with every point. The fields are
 * {@link SeasonalState}'s of the same names.
 */
public record SeasonalHistory(int version, float[] bucketMeans, byte[] bucketCounts) {
    public static final int VERSION = 1;
}
