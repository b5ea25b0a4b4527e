package io.vigil.detect.store;

import io.vigil.config.FeatureConfig;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * What a job needs of a store version to start its series from it: the same grid step, the same
 * settings where they shape a model's state, and each detector's state saved under the name this
 * job keeps it (a detector whose state layout changed has a new state name). Detectors the
 * version has no state for start cold; states of detectors the job does not run are ignored.
 */
public record StoreExpectation(long stepMs, Map<String, String> settings, Map<String, String> detectors)
        implements Serializable {

    public StoreExpectation {
        settings = Map.copyOf(settings);
        detectors = Map.copyOf(detectors);
    }

    /** The feature settings that shape what is learned (not the expiry, which only forgets). */
    public static String features(FeatureConfig f) {
        return "step=" + f.step() + ", fill=" + f.fill() + ", max-gap=" + f.maxGap() + ", windows=" + f.windows()
                + ", lags=" + f.lags() + ", ewma-alpha=" + f.ewmaAlpha() + ", counter-suffixes=" + f.counterSuffixes();
    }

    /** Refuses {@code m} with the reason, naming the version and the setting at fault. */
    void check(String location, StoreManifest m) {
        String at = "model store " + location + " version " + m.version();
        if (m.format() != ModelStore.FORMAT) {
            throw new StoreException(at + " has layout format " + m.format() + "; this Vigil reads format "
                    + ModelStore.FORMAT + ": retrain with this Vigil's 'vigil train'");
        }
        if (m.stepMs() != stepMs) {
            throw new StoreException(at + " was trained on a " + Duration.ofMillis(m.stepMs()) + " grid; this job's "
                    + "features.step is " + Duration.ofMillis(stepMs) + ": retrain with the job's configuration");
        }
        for (var e : settings.entrySet()) {
            String theirs = m.settings().get(e.getKey());
            if (theirs != null && !theirs.equals(e.getValue())) {
                throw new StoreException(at + " was trained with other " + e.getKey() + " settings (" + theirs
                        + "; this job has " + e.getValue() + "): retrain with the job's configuration");
            }
        }
        for (var e : detectors.entrySet()) {
            String theirs = m.detectors().get(e.getKey());
            if (theirs != null && !theirs.equals(e.getValue())) {
                throw new StoreException(at + " holds detector " + e.getKey() + " as state " + theirs
                        + "; this job keeps " + e.getValue() + ": retrain with this Vigil's 'vigil train'");
            }
        }
    }
}
