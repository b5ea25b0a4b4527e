package io.vigil.detect.iforest;

/**
 * Per-series state of the family-forest detector (descriptor {@code detector-iforest-v1}): none
 * beyond a version, because the model is the family's, not the series'; the series' own view of
 * the forest's scores lives in its calibrator.
 */
public record IsolationState(int version) {
    public static final int VERSION = 1;
}
