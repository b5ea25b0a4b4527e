package io.vigil.detect.entity;

import io.vigil.config.DetectorSettings;

import java.time.Duration;
import java.util.List;

/**
 * Entity judgement ({@code detect.entity.*}): series that share an entity label (the first of
 * {@code labels} they carry) are judged together once the entity has at least {@code minSeries}
 * of them (at most {@code maxSeries} are members; later ones pass unjudged and are counted).
 *
 * @param window steps either side of a point anomaly in which a second, independent group of the
 *     entity's series must be anomalous too for the point to stay an anomaly
 * @param groupCorrelation |correlation| of two series' deviations at which they are one witness
 * @param refitEvery event time between fits of the relation model (the first waits this long)
 * @param relation whether the relation model flags steps whose combination of deviations is new
 */
public record EntityConfig(boolean on, List<String> labels, int minSeries, int maxSeries, int window,
        double groupCorrelation, Duration refitEvery, boolean relation) implements DetectorSettings {
    public EntityConfig {
        labels = List.copyOf(labels);
    }

    /** No per-point detector: entities are judged after the series are scored ({@link EntityModule#judged}). */
    @Override
    public boolean enabled() {
        return false;
    }
}
