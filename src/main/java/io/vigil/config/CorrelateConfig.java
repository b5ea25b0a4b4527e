package io.vigil.config;

import io.vigil.correlate.RootCauseRanker;
import io.vigil.correlate.ServiceGraph;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Incident grouping and root-cause settings (the {@code correlate.*} keys).
 *
 * @param graph the service graph as loaded at start (empty: edges are inferred per incident)
 * @param servicesFile where it came from, or empty; reloaded by the job when the file changes
 * @param changeLookBack how long before an incident's onset a change event still counts
 * @param evidenceScore a point below the threshold but at least this is a silent service's evidence
 */
public record CorrelateConfig(List<String> scopeLabels, Duration sessionGap, List<String> serviceLabels,
        ServiceGraph graph, String servicesFile, Duration changeLookBack, double evidenceScore)
        implements Serializable {

    public CorrelateConfig withGraph(ServiceGraph g) {
        return new CorrelateConfig(scopeLabels, sessionGap, serviceLabels, g, servicesFile, changeLookBack,
                evidenceScore);
    }

    public RootCauseRanker ranker(ServiceGraph g) {
        return new RootCauseRanker(g, sessionGap.toMillis(), changeLookBack.toMillis());
    }
}
