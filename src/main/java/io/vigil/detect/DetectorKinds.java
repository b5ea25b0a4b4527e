package io.vigil.detect;

import io.vigil.config.DetectConfig;
import io.vigil.detect.iforest.IsolationKind;
import io.vigil.detect.robust.RobustKind;
import io.vigil.detect.seasonal.SeasonalKind;

import java.util.ArrayList;
import java.util.List;

/** The detectors the job runs, in the order they are consulted. */
public final class DetectorKinds {
    private DetectorKinds() {}

    /** Models first (their band is the one shown), the cold-start detector last. */
    public static List<DetectorKind<?>> from(DetectConfig config) {
        List<DetectorKind<?>> kinds = new ArrayList<>();
        if (config.seasonal().enabled()) {
            kinds.add(new SeasonalKind(config));
        }
        if (config.iforest().families()) {
            kinds.add(new IsolationKind(config));
        }
        if (config.robust().enabled()) {
            kinds.add(new RobustKind(config));
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no detector enabled: set detect.robust.enabled, detect.seasonal.enabled or detect.iforest.families");
        }
        return List.copyOf(kinds);
    }
}
