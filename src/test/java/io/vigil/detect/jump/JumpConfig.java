package io.vigil.detect.jump;

import io.vigil.config.DetectorSettings;

/** The jump detector's settings ({@code detect.jump.*}). */
public record JumpConfig(boolean enabled, double sensitivity, int warmup) implements DetectorSettings {}
