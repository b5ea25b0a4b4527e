package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** Incident grouping settings (the {@code correlate.*} keys). */
public record CorrelateConfig(List<String> scopeLabels, Duration sessionGap, List<String> serviceLabels)
        implements Serializable {}
