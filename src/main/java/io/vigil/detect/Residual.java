package io.vigil.detect;

/**
 * A point's standardised residual as the series' primary model saw it, for detectors that look for
 * evidence accumulating over points rather than in one ({@link DetectorKind#onResiduals}).
 *
 * @param source the index (in consulting order) of the detector whose band the residual is against;
 *     it changes when a model of the series' shape takes over from the cold-start detector
 * @param z signed deviation from that detector's expectation in its noise-scale units (about
 *     N(0, 1) on normal data when its noise model holds)
 */
public record Residual(int source, double z) {
    /** The residual of a warm verdict: its deviation, signed by its direction. */
    public static Residual of(int source, DetectorScore s) {
        return new Residual(source, s.direction() == io.vigil.model.Direction.DOWN ? -s.deviation() : s.deviation());
    }
}
