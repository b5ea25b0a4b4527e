package io.vigil.correlate;

import io.vigil.model.ServiceNames;

import java.util.List;
import java.util.Map;

/**
 * Which service a series belongs to, the one rule for points, entity anomalies, incidents and
 * training: the service graph's label matchers first (a service may be named by several labels),
 * then the first configured service label the series sets, then the caller's hint (an entity
 * anomaly's own guess), else none.
 */
public final class ServiceResolver {
    private ServiceResolver() {}

    public static String serviceOf(ServiceGraph graph, List<String> serviceLabels, Map<String, String> labels,
            String hint) {
        String s = graph.serviceOf(labels, ServiceNames.of(labels, serviceLabels));
        return s.isEmpty() ? hint : s;
    }
}
