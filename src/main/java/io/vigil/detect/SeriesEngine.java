package io.vigil.detect;

import io.vigil.config.FeatureConfig;
import io.vigil.features.FeatureWindow;
import io.vigil.features.SeriesCursor;
import io.vigil.features.StepAccumulator;
import io.vigil.features.StepEmitter;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One series through the per-series engine, in memory: a closed grid step becomes its value (the
 * mean, or a counter's rate) with a short gap before it filled ({@link StepEmitter}), each point gets
 * its features ({@link FeatureWindow}) and is scored by the job's detectors, calibrators, ensemble
 * and controls ({@link DetectEngine}). The Flink job hosts the same three parts in three keyed
 * operators ({@code ResampleSeries}, {@code ComputeFeatures}, {@code ScorePoints}), each keeping its
 * part's state; this class is how the evaluation drives them without Flink.
 */
public final class SeriesEngine {
    private final String series;
    private final FeatureConfig features;
    private final StepEmitter emitter;
    private final DetectEngine detect;
    private SeriesCursor cursor;
    private final FeatureWindow window;
    private DetectEngine.SeriesModels models;
    private boolean scored;
    private final List<SharedLearner> learners;
    private final StoreSeeds seeds;

    /**
     * @param learners the modules' shared-model fitting (shared by every series of the evaluation);
     *     a model they fit reaches {@code detect} at once (the stream's arrives a little later)
     */
    public SeriesEngine(String series, String metric, Map<String, String> labels, FeatureConfig features,
            DetectEngine detect, List<SharedLearner> learners) {
        this(series, metric, labels, features, detect, learners, null);
    }

    /** @param seeds the model store the series starts from (as the stream's scorer does), or null */
    public SeriesEngine(String series, String metric, Map<String, String> labels, FeatureConfig features,
            DetectEngine detect, List<SharedLearner> learners, StoreSeeds seeds) {
        this.series = series;
        this.seeds = seeds;
        this.learners = learners;
        this.features = features;
        this.emitter = new StepEmitter(features);
        this.detect = detect;
        this.cursor = SeriesCursor.start(metric, labels, features.isCounter(metric));
        this.window = new FeatureWindow(features);
        this.models = detect.fresh();
    }

    /** The series' models as they are now (what {@code vigil train} saves as its seed). */
    public DetectEngine.SeriesModels models() {
        return models;
    }

    /** The cursor, for the driver's lateness and expiry rules (those of {@code ResampleSeries}). */
    public SeriesCursor cursor() {
        return cursor;
    }

    /** A sample was seen at {@code ts} (for expiry), or a staleness marker (the series ended there). */
    public void seen(long ts, boolean stale) {
        cursor = stale ? cursor.markedStale(ts) : cursor.seen(ts);
    }

    /**
     * Closes one step: its points (gap-filled ones first, then the step's own; none for a counter's
     * first reading) scored in order.
     */
    public List<DetectEngine.Outcome> close(StepAccumulator step) {
        StepEmitter.Emission e = emitter.close(series, cursor, step);
        cursor = e.cursor();
        List<DetectEngine.Outcome> out = new ArrayList<>(e.points().size());
        for (GridPoint p : e.points()) {
            FeatureVector fv = window.next(p);
            DetectEngine.SeriesModels fromStore = seeds == null ? null
                    : seeds.next(series, p.timestampMs(), scored ? models : null);
            if (fromStore != null) {
                models = fromStore;
            }
            scored = true;
            DetectEngine.Outcome o = detect.score(fv, models);
            out.add(o);
            for (SharedLearner l : learners) {
                for (SharedModel m : l.learn(fv, o.muted(), o.frozen())) {
                    try {
                        detect.accept(m);
                    } catch (IOException ex) {
                        throw new UncheckedIOException("shared model [detector=" + m.detector() + ", key=" + m.key()
                                + "] does not load", ex);
                    }
                }
            }
        }
        return out;
    }
}
