package io.vigil.pipeline;

import io.vigil.config.CorrelateConfig;
import io.vigil.correlate.IncidentSession;
import io.vigil.model.ScoredPoint;

import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Which scored points leave the detect stage for the correlate stage and the outputs. Every point
 * that leaves crosses to another task (the correlate stage takes the union of the scorer's and the
 * entity judge's points), one serialization each, so the streaming job, which writes no scores,
 * lets go only the points an incident or an alert can take.
 */
public enum ScoresOut {
    /** Every scored point: replay's scores.csv, evaluations, tests that read every score. */
    EVERY_POINT,
    /** Anomalies and sub-threshold evidence ({@link IncidentSession#takes}): the streaming job. */
    ONWARD;

    /** The filter for points that go on, with {@code correlate}'s evidence threshold. */
    public FilterFunction<ScoredPoint> filter(CorrelateConfig correlate) {
        return this == EVERY_POINT ? p -> true : p -> IncidentSession.takes(p, correlate);
    }
}
