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
 * @param sessionGap an incident stays open while its series' anomalies come closer than this
 * @param joinGap a series not yet in an open incident joins it only this soon after its last anomaly
 * @param evidenceScore a point below the threshold but at least this is a silent service's evidence
 */
public record CorrelateConfig(List<String> scopeLabels, Duration sessionGap, Duration joinGap, List<String> serviceLabels,
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

    /**
     * The join gap for a series sampled every {@code intervalMs} (0: unknown) on a grid of {@code
     * stepMs}: at least two of its samples (a coarse series' consecutive samples are one episode,
     * whatever the grid) and at most the session gap.
     */
    public long joinGapMs(long stepMs, long intervalMs) {
        return Math.min(sessionGapMs(stepMs), Math.max(joinGap.toMillis(), 2 * Math.max(stepMs, intervalMs)));
    }

    public CorrelateConfig withServicesFile(String file) {
        return new CorrelateConfig(scopeLabels, sessionGap, joinGap, serviceLabels, file, changeLookBack, evidenceScore);
    }
}
