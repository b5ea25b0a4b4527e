package io.vigil.config;

import java.io.Serializable;

/** Detector settings (the {@code detect.*} keys). */
public record DetectConfig(double threshold, RobustConfig robust) implements Serializable {

    /** The rolling median/MAD detector. Window and warm-up are in steps. */
    public record RobustConfig(int window, int warmup, double sensitivityZ, double minRelativeScale)
            implements Serializable {}
}
