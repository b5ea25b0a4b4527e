package io.vigil.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Incident grouping and root-cause settings (the {@code correlate.*} keys).
 *
 * @param servicesFile the service graph's file ({@code services.yaml}), or empty: edges are then
 *     inferred per incident; the correlate stage reads it, and rereads it when it changes
 * @param changeLookBack how long before an incident's onset a change event still counts
 * @param evidenceScore a point below the threshold but at least this is a silent service's evidence
 */
public record CorrelateConfig(List<String> scopeLabels, Duration sessionGap, List<String> serviceLabels,
        String servicesFile, Duration changeLookBack, double evidenceScore)
        implements Serializable {

    public CorrelateConfig {
        scopeLabels = List.copyOf(scopeLabels);
        serviceLabels = List.copyOf(serviceLabels);
    }

    /**
     * The session gap on a grid of {@code stepMs}: at least two steps, so anomalies on consecutive
     * points of a coarse series are one incident whatever the configured gap.
     */
    public long sessionGapMs(long stepMs) {
        return Math.max(sessionGap.toMillis(), 2 * stepMs);
    }

    public CorrelateConfig withServicesFile(String file) {
        return new CorrelateConfig(scopeLabels, sessionGap, serviceLabels, file, changeLookBack, evidenceScore);
    }
}
