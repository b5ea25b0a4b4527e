package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** Resampling and feature settings (the {@code features.*} keys). Windows and lags are in steps. */
public record FeatureConfig(
        Duration step,
        FillMethod fill,
        Duration maxGap,
        List<Integer> windows,
        List<Integer> lags,
        double ewmaAlpha,
        Duration seriesExpiry,
        List<String> counterSuffixes)
        implements Serializable {

    public FeatureConfig {
        windows = List.copyOf(windows);
        lags = List.copyOf(lags);
    }

    public FeatureConfig withStep(Duration s) {
        return new FeatureConfig(s, fill, maxGap, windows, lags, ewmaAlpha, seriesExpiry, counterSuffixes);
    }

    public long stepMs() {
        return step.toMillis();
    }

    /** The start of the grid step a sample at {@code tsMs} belongs to. */
    public long stepOf(long tsMs) {
        return Math.floorDiv(tsMs, stepMs()) * stepMs();
    }

    /** The rolling windows, in steps, as an array (the feature window's hot loop). */
    public int[] windowSteps() {
        return windows.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The lags, in steps, as an array. */
    public int[] lagSteps() {
        return lags.stream().mapToInt(Integer::intValue).toArray();
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
