package io.vigil.detect;

import io.vigil.model.FeatureVector;

/**
 * A per-series detector model: plain Java and mutable while in use, saved to and restored from its
 * state record {@code S} (a public record of primitives and arrays) between points, so that Flink
 * state never holds the model object itself: models can change shape, state must stay readable.
 */
public interface SeriesDetector<S> {
    /** Scores {@code p} against what was learned before it; does not learn from it. */
    DetectorScore score(FeatureVector p);

    /** Adds {@code p} to what the model knows. */
    void learn(FeatureVector p);

    /**
     * Scores {@code p} given its residual against the series' primary model (null while no model is
     * warm). Only detectors whose kind says {@link DetectorKind#onResiduals} get this call.
     */
    default DetectorScore score(FeatureVector p, Residual residual) {
        return score(p);
    }

    /** Learns {@code p} with its residual (null while no model is warm); see {@link #score(FeatureVector, Residual)}. */
    default void learn(FeatureVector p, Residual residual) {
        learn(p);
    }

    S toState();
}
