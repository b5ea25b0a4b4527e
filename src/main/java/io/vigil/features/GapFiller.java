package io.vigil.features;

import io.vigil.config.FillMethod;

/** Values for the grid steps missing between two observed steps. */
public final class GapFiller {
    private GapFiller() {}

    /**
     * @param before value of the step before the gap
     * @param after value of the step after the gap
     * @param missing number of missing steps between them (≥ 1)
     * @return the filled values in time order, or an empty array for {@link FillMethod#NONE}
     */
    public static double[] fill(FillMethod method, double before, double after, int missing) {
        if (method == FillMethod.NONE || missing <= 0) {
            return new double[0];
        }
        double[] out = new double[missing];
        for (int i = 0; i < missing; i++) {
            out[i] = switch (method) {
                case LINEAR -> before + (after - before) * (i + 1) / (missing + 1);
                case PREVIOUS -> before;
                case ZERO -> 0.0;
                case NONE -> throw new IllegalStateException("unreachable");
            };
        }
        return out;
    }
}
