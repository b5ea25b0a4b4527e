package io.vigil.detect;

import io.vigil.config.DetectConfig;
import io.vigil.config.FeatureConfig;
import io.vigil.config.VigilConfig;
import io.vigil.detect.control.ControlRules;
import io.vigil.model.WallClock;

import java.io.Serializable;
import java.util.List;

/**
 * What a detector module may use besides its own settings: the shared detection settings, the
 * feature layout (lags, windows, step), the series' controls, the labels that name a series'
 * service (for entity-level anomalies) and a wall clock.
 */
public record DetectorContext(DetectConfig detect, FeatureConfig features, ControlRules controls,
        List<String> serviceLabels, WallClock clock) implements Serializable {

    /**
     * The context of a job with this configuration: read where the job is built, so a bad controls
     * file fails the start, not a task.
     */
    public static DetectorContext of(VigilConfig cfg) {
        return new DetectorContext(cfg.detect(), cfg.features(), ControlRules.load(cfg.detect().controls()),
                cfg.correlate().serviceLabels(), WallClock.system());
    }
}
