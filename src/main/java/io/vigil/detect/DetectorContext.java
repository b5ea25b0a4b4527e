package io.vigil.detect;

import io.vigil.config.DetectConfig;
import io.vigil.config.FeatureConfig;
import io.vigil.config.VigilConfig;
import io.vigil.detect.control.Controls;
import io.vigil.model.WallClock;

import java.io.Serializable;
import java.util.List;

/**
 * What a detector module may use besides its own settings: the shared detection settings, the
 * feature layout (lags, windows, step), the series' controls (reread when their file changes), the labels that name a series'
 * service (for entity-level anomalies) and a wall clock.
 */
public record DetectorContext(DetectConfig detect, FeatureConfig features, Controls controls,
        List<String> serviceLabels, WallClock clock) implements Serializable {

    /**
     * The context of a job with this configuration: read where the job is built, so a bad controls
     * file fails the start, not a task.
     */
    public static DetectorContext of(VigilConfig cfg) {
        WallClock clock = WallClock.system();
        return new DetectorContext(cfg.detect(), cfg.features(), Controls.load(cfg.detect().controls(), clock),
                cfg.correlate().serviceLabels(), clock);
    }
}
