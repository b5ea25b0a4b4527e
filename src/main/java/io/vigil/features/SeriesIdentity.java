package io.vigil.features;

import java.util.Map;

/**
 * What names a series on its grid points: written once when the series starts and read only when a
 * step closes, so the resampler's per-sample cursor carries no strings. State value of
 * {@link ResampleSeries}.
 */
public record SeriesIdentity(String metric, Map<String, String> labels) {}
