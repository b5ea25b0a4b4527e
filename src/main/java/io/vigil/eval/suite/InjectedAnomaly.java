package io.vigil.eval.suite;

/**
 * One anomaly of the suite: on {@code series}, from {@code startMs} to {@code endMs} (exclusive),
 * of {@code kind}, {@code size} noise σ large.
 */
public record InjectedAnomaly(String series, AnomalyKind kind, long startMs, long endMs, double size) {}
