package io.vigil.eval.suite;

/**
 * One anomaly of the suite: on {@code series}, from {@code startMs} to {@code endMs} (exclusive),
 * of {@code kind}, {@code size} noise σ large. {@code peakSigma} is what it came to with the noise
 * of its points: the largest |value − clean shape| over them, in noise σ (NaN until written), the
 * deviation a detector that knew the series' shape and noise exactly would see.
 */
public record InjectedAnomaly(String series, AnomalyKind kind, long startMs, long endMs, double size,
        double peakSigma) {

    InjectedAnomaly(String series, AnomalyKind kind, long startMs, long endMs, double size) {
        this(series, kind, startMs, endMs, size, Double.NaN);
    }

    InjectedAnomaly withPeak(double peak) {
        return new InjectedAnomaly(series, kind, startMs, endMs, size, peak);
    }
}
