package io.vigil.detect.iforest;

import io.vigil.model.FeatureVector;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-family vector of one grid point, from the seed's features: value, hour of day (sin, cos),
 * weekend, every configured lag, and the rolling mean and standard deviation of every window. A
 * point whose history is still too short for a lag or a window has no vector (null), rather than a
 * zero that would look like a real value.
 */
public final class FamilyVectors {
    private FamilyVectors() {}

    public static double[] of(FeatureVector f) {
        int lags = f.lags().length;
        int windows = f.rollingMean().length;
        double[] v = new double[4 + lags + 2 * windows];
        v[0] = f.value();
        v[1] = f.hourSin();
        v[2] = f.hourCos();
        v[3] = f.weekend();
        System.arraycopy(f.lags(), 0, v, 4, lags);
        System.arraycopy(f.rollingMean(), 0, v, 4 + lags, windows);
        System.arraycopy(f.rollingStd(), 0, v, 4 + lags + windows, windows);
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return null;
            }
        }
        return v;
    }

    /** The names of {@link #of}'s components, for model manifests and explanations. */
    public static List<String> names(int[] lags, int[] windows) {
        List<String> n = new ArrayList<>(List.of("value", "hour_sin", "hour_cos", "weekend"));
        for (int l : lags) {
            n.add("lag_" + l);
        }
        for (int w : windows) {
            n.add("mean_" + w);
        }
        for (int w : windows) {
            n.add("std_" + w);
        }
        return n;
    }
}
