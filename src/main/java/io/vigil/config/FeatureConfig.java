package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** Resampling and feature settings (the {@code features.*} keys). Windows and lags are in steps. */
public record FeatureConfig(
        Duration step,
        FillMethod fill,
        Duration maxGap,
        int[] windows,
        int[] lags,
        double ewmaAlpha,
        Duration seriesExpiry,
        List<String> counterSuffixes)
        implements Serializable {

    public FeatureConfig withStep(Duration s) {
        return new FeatureConfig(s, fill, maxGap, windows, lags, ewmaAlpha, seriesExpiry, counterSuffixes);
    }

    public long stepMs() {
        return step.toMillis();
    }

    /** Steps of history the feature ring buffer must keep. */
    public int historyNeeded() {
        int n = 1;
        for (int w : windows) {
            n = Math.max(n, w);
        }
        for (int l : lags) {
            n = Math.max(n, l);
        }
        return n;
    }

    public boolean isCounter(String metric) {
        for (String suffix : counterSuffixes) {
            if (metric.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
