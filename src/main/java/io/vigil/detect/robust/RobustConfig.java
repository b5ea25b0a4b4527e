package io.vigil.detect.robust;

import io.vigil.config.DetectorSettings;

/** The rolling median/MAD detector's settings ({@code detect.robust.*}). Window and warm-up are in steps. */
public record RobustConfig(boolean enabled, int window, int warmup, double sensitivityZ, double minRelativeScale)
        implements DetectorSettings {}
