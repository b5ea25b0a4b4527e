package io.vigil.detect.lstm;

/**
 * Where a family's in-stream fit stands (keyed state {@code lstm-fit-v1} of {@link FitLstmFamilies};
 * the series' tracks are in {@code lstm-tracks-v1}, one map entry per series).
 *
 * @param version fits so far
 * @param lastFitMs event time of the last fit, or Long.MIN_VALUE before the first
 * @param series series with a track (at most {@code detect.lstm.max-series})
 * @param longest the longest track's size when last offered a value
 */
public record LstmFamilyFit(long version, long lastFitMs, int series, int longest) {
    public static final LstmFamilyFit EMPTY = new LstmFamilyFit(0, Long.MIN_VALUE, 0, 0);
}
