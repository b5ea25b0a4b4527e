package io.vigil.train;

import io.vigil.config.VigilConfig;
import io.vigil.detect.DetectEngine;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.SeriesEngine;
import io.vigil.detect.SharedLearner;
import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.store.SeriesSeed;
import io.vigil.features.StepAccumulator;
import io.vigil.model.ScoredPoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * A series' seed: its history run through the job's own per-series engine ({@link SeriesEngine}:
 * resampling, gap filling, counter rates, features, every detector and its calibrator, the
 * controls' freeze windows), so the models start where the stream would be after that history,
 * cleaned by the stream's own rules. Points inside excluded windows (labelled incidents) are left
 * out as if the series had gone stale there: no gap is filled across them. One per thread.
 */
public final class SeedTrainer {
    private static final long DAY_MS = 86_400_000L;

    private final VigilConfig config;
    private final DetectEngine engine;

    /**
     * One series' training: its seed (null when the history made no grid point), the points it
     * learned, the samples left out, the detectors warm at its end and the points flagged
     * anomalous in its last day (how noisy the models are on their own history).
     */
    public record Result(SeriesSeed seed, long points, long excluded, List<String> warm, long anomalousLastDay) {}

    public SeedTrainer(VigilConfig config, DetectorModules modules) {
        this.config = config;
        this.engine = new DetectEngine(modules, DetectorContext.of(config));
    }

    public DetectEngine engine() {
        return engine;
    }

    /** Trains on {@code h}; {@code excluded} says which sample times to leave out. */
    public Result train(HistorySeries h, LongPredicate excluded) {
        return train(h, excluded, p -> { });
    }

    /** Trains on {@code h}, handing every scored point to {@code scored} (for what learns across series). */
    public Result train(HistorySeries h, LongPredicate excluded, Consumer<ScoredPoint> scored) {
        return train(h, excluded, scored, List.of());
    }

    /**
     * Trains on {@code h}, handing every scored point to {@code scored} and every grid point's features
     * to {@code learners} (what learns across series from the stream's own points).
     */
    public Result train(HistorySeries h, LongPredicate excluded, Consumer<ScoredPoint> scored,
            List<SharedLearner> learners) {
        Run run = new Run(new SeriesEngine(h.series(), h.metric(), h.labels(), config.features(), engine, learners),
                h.size() == 0 ? 0 : h.timestampsMs()[h.size() - 1] - DAY_MS, scored);
        long stepMs = config.features().stepMs();
        StepAccumulator acc = null;
        long left = 0;
        boolean inExcluded = false;
        for (int i = 0; i < h.size(); i++) {
            long t = h.timestampsMs()[i];
            boolean out = excluded.test(t);
            if (out || h.stale()[i]) {
                left += out ? 1 : 0;
                if (!inExcluded || !out) {
                    // The series ends here for the engine: the step so far closes, no gap is filled
                    // from before to after.
                    run.close(acc);
                    acc = null;
                    run.engine.seen(t, true);
                }
                inExcluded = out;
                continue;
            }
            inExcluded = false;
            long step = Math.floorDiv(t, stepMs) * stepMs;
            if (acc != null && step != acc.stepStart()) {
                run.close(acc);
                acc = null;
            }
            run.engine.seen(t, false);
            acc = acc == null ? StepAccumulator.first(step, t, h.values()[i]) : acc.add(t, h.values()[i]);
        }
        run.close(acc);
        if (run.points == 0) {
            return new Result(null, 0, left, List.of(), 0);
        }
        return new Result(seed(h.series(), run.last, run.points, run.intervalMs, run.engine.models()), run.points, left,
                List.copyOf(new TreeSet<>(run.lastScores.keySet())),
                run.anomalous);
    }

    /** One series' engine and what its closed steps gave so far. */
    private static final class Run {
        final SeriesEngine engine;
        final long lastDayFromMs;
        final Consumer<ScoredPoint> scored;
        long points;
        long anomalous;
        long last = Long.MIN_VALUE;
        long intervalMs;
        Map<String, Double> lastScores = Map.of();

        Run(SeriesEngine engine, long lastDayFromMs, Consumer<ScoredPoint> scored) {
            this.engine = engine;
            this.lastDayFromMs = lastDayFromMs;
            this.scored = scored;
        }

        void close(StepAccumulator acc) {
            if (acc == null) {
                return;
            }
            for (DetectEngine.Outcome o : engine.close(acc)) {
                scored.accept(o.point());
                points++;
                last = o.point().timestampMs();
                intervalMs = o.point().intervalMs();
                lastScores = o.point().detectors();
                if (o.point().anomalous() && last > lastDayFromMs) {
                    anomalous++;
                }
            }
        }
    }

    private SeriesSeed seed(String series, long untilMs, long points, long intervalMs, DetectEngine.SeriesModels m) {
        Map<String, Object> states = new HashMap<>();
        Map<String, CalibrationState> cals = new HashMap<>();
        List<DetectorKind<?>> kinds = engine.kinds();
        for (int i = 0; i < kinds.size(); i++) {
            states.put(kinds.get(i).name(), m.detectorState(i));
            cals.put(kinds.get(i).name(), m.calibrationState(i));
        }
        return new SeriesSeed(series, untilMs, points, intervalMs, states, cals);
    }
}
