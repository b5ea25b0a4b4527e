package io.vigil.detect;

import io.vigil.model.Direction;

/**
 * One detector's verdict on one point.
 *
 * @param warm false while the detector has too little history to judge (score is then 0)
 * @param score anomaly score in [0, 1], higher = more anomalous (the detector's own scale)
 * @param deviation distance from the expected value in units of the detector's noise scale (a
 *     z-score: about N(0,1) in size on normal data if the detector's noise model holds); the
 *     calibrator maps it to a tail probability per series
 * @param expected what the detector expected (NaN if it has no point forecast)
 * @param lower lower edge of the band the detector considers normal (NaN if none)
 * @param upper upper edge of that band (NaN if none)
 */
public record DetectorScore(
        boolean warm, double score, double deviation, double expected, double lower, double upper,
        Direction direction) {
    public static final DetectorScore COLD =
            new DetectorScore(false, 0.0, 0.0, Double.NaN, Double.NaN, Double.NaN, Direction.NONE);

    public DetectorScore {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("detector score " + score + " outside [0,1]");
        }
    }
}
