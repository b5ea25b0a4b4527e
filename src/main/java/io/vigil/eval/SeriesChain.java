package io.vigil.eval;

import io.vigil.config.VigilConfig;
import io.vigil.detect.CombinedScore;
import io.vigil.detect.DetectEngine;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.SeriesEngine;
import io.vigil.features.StepAccumulator;
import io.vigil.model.Alert;
import io.vigil.model.Incident;
import io.vigil.model.ScoredPoint;
import io.vigil.model.SeriesIds;

import java.util.List;
import java.util.Map;

/**
 * The production chain for one series — gap filling, features, detectors, the incident session and
 * the alert decision — driven row by row in the order given, through the same classes the Flink
 * operators host ({@link SeriesEngine}, {@link CorrelationDriver}). Evaluation needs one score per
 * input row, so rows are not merged into grid steps: each row is a step of its own, at its own
 * time; a gap before it is filled as the stream fills one (so the filled points teach the models
 * but produce no row), a repeated timestamp is scored as a new point, and a non-finite value is a
 * staleness marker (no row of it teaches anything, and no gap is filled across it). The detectors
 * get the configured step, so the caller sets the file's step in the config.
 */
public final class SeriesChain {
    private final SeriesEngine engine;
    private final CorrelationDriver correlation;

    /**
     * What the chain made of one row: the combined score, its onset score (the score as evidence of
     * a new anomaly: 0 inside one and in its refractory period), whether the point is an anomaly
     * (after the controls), and whether a firing alert was sent at this row.
     */
    public record RowScore(long timestampMs, double value, CombinedScore combined, double onsetScore,
            boolean anomalous, boolean alert) {}

    public SeriesChain(VigilConfig config, String series, Map<String, String> labels) {
        this(config, series, labels, DetectorModules.standard());
    }

    public SeriesChain(VigilConfig config, String series, Map<String, String> labels, DetectorModules modules) {
        DetectorContext context = DetectorContext.of(config);
        // Control rules select by metric name: the series id starts with it (metric{labels}).
        this.engine = new SeriesEngine(series, SeriesIds.metricOf(series), Map.copyOf(labels), config.features(),
                new DetectEngine(modules, context), modules.learners(context));
        this.correlation = new CorrelationDriver(config);
    }

    /** Scores the next row; rows must come in file order (time may repeat or step back). */
    public RowScore next(long tsMs, double value) {
        if (!Double.isFinite(value)) {
            engine.seen(tsMs, true);
            return new RowScore(tsMs, value, CombinedScore.NONE, 0, false, false);
        }
        engine.seen(tsMs, false);
        List<DetectEngine.Outcome> outcomes = engine.close(StepAccumulator.first(tsMs, tsMs, value));
        boolean alert = false;
        ScoredPoint row = null;
        double onset = 0;
        for (DetectEngine.Outcome o : outcomes) {
            row = correlation.attribute(o.point());
            onset = o.onsetScore();
            List<Alert> fired = correlation.at(row.timestampMs(), List.of(row));
            alert = !fired.isEmpty();
        }
        if (row == null) {
            return new RowScore(tsMs, value, CombinedScore.NONE, 0, false, false);
        }
        return new RowScore(tsMs, value, new CombinedScore(row.score(), row.expected(), row.lower(), row.upper(),
                row.direction(), row.detectors()), onset, row.anomalous(), alert);
    }

    /** The end of the file: event time runs out, as at the end of a bounded replay (open incidents resolve). */
    public void finish() {
        correlation.finish();
    }

    /** The incident events so far (as {@code incidents.jsonl} has them). */
    public List<Incident> incidents() {
        return List.copyOf(correlation.incidents());
    }

    /** The alerts so far, firing and resolved (as {@code alerts.jsonl} has them). */
    public List<Alert> alerts() {
        return List.copyOf(correlation.alerts());
    }
}
