package io.vigil.detect.iforest;

import io.vigil.config.DetectorSettings;

import java.time.Duration;

/**
 * Isolation Forests ({@code detect.iforest.*}). {@code models}: a directory written by {@code vigil train} (empty:
 * none); its entity models score each entity's metrics per step, its family models the points of
 * their families. With {@code families} on, each point is also scored by its family's forest
 * (metric name + {@code familyLabel} value): the trained one, else one fitted in the stream from
 * a sample of at most {@code sampleSize} recent clean vectors, first once {@code minRows} rows and
 * one {@code refitEvery} of event time are in, then every {@code refitEvery}.
 *
 * @param reloadEvery how often the job looks for a newer store version (or {@code models.json})
 */
public record IsolationConfig(String models, String entityLabel, Duration reloadEvery,
        boolean families, String familyLabel, int sampleSize, int minRows, Duration refitEvery,
        double contamination) implements DetectorSettings {
    /** Family forests score every point: the per-point detector runs only with {@code families} on. */
    @Override
    public boolean enabled() {
        return families;
    }

    /** Whether a model directory is configured (entity forests need one). */
    public boolean hasModels() {
        return !models.isEmpty();
    }
}
