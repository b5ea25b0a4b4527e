package io.vigil.detect;

import io.vigil.config.DetectConfig;
import io.vigil.detect.robust.RobustKind;

import java.util.List;

/** The detectors the job runs, in the order they are consulted. */
public final class DetectorKinds {
    private DetectorKinds() {}

    public static List<DetectorKind<?>> from(DetectConfig config) {
        return List.of(new RobustKind(config));
    }
}
