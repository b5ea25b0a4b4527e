package io.vigil.correlate;

import io.vigil.config.CorrelateConfig;
import io.vigil.model.ScoredPoint;
import io.vigil.model.WallClock;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * ScoredPoint → the same point with its service ({@link ServiceResolver}) from the current service
 * graph, reloaded when its file changes: the one place a point's service is decided, before the
 * anomalies are written and the incidents grouped. Stateless. Uid: {@code correlate-services}.
 */
public final class AttributeServices extends RichMapFunction<ScoredPoint, ScoredPoint> {
    private final CorrelateConfig config;
    private final WallClock clock;
    private transient ServiceGraphReloader graph;

    public AttributeServices(CorrelateConfig config, WallClock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        graph = new ServiceGraphReloader(config, clock);
    }

    @Override
    public ScoredPoint map(ScoredPoint p) {
        return p.withService(ServiceResolver.serviceOf(graph.current(), config.serviceLabels(), p.labels(), p.service()));
    }
}
