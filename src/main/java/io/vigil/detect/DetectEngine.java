package io.vigil.detect;

import io.vigil.config.DetectConfig;
import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.calibrate.TailCalibrator;
import io.vigil.detect.control.ControlRules;
import io.vigil.detect.control.Controls;
import io.vigil.detect.control.GateState;
import io.vigil.detect.store.SeedCodec;
import io.vigil.detect.store.SeriesSeed;
import io.vigil.detect.store.StoreExpectation;
import io.vigil.model.FeatureVector;
import io.vigil.model.ScoredPoint;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detection for one job: every point of a series through the enabled detector kinds, their
 * calibrators, the ensemble and the series' controls ({@link SeriesScoring}), with the series'
 * models in a {@link SeriesModels}. Plain logic: {@link ScorePoints} restores a series' models
 * from keyed state around each point, the evaluation driver keeps them in memory; both score
 * through this class, so they decide identically. The point comes out without its service, which
 * the correlate stage attributes with the current service graph.
 */
public final class DetectEngine implements Serializable {
    private final List<DetectorKind<?>> kinds;
    private final Controls controls;
    private final SeriesScoring scoring;
    private final StoreExpectation expectation;
    private final DetectConfig.ModelsConfig store;

    /**
     * What scoring one point gave, its onset score (see {@link io.vigil.detect.control.PointGate}),
     * and the calendar windows it was in (for shared-model learners).
     */
    public record Outcome(ScoredPoint point, double onsetScore, boolean muted, boolean frozen) {}

    /**
     * The enabled modules' kinds with the context's settings; the grid step in its feature settings
     * turns the daily false-alarm budget into a tail probability.
     */
    public DetectEngine(DetectorModules modules, DetectorContext context) {
        this.kinds = modules.kinds(context);
        this.controls = context.controls();
        this.scoring = new SeriesScoring(context.detect(), kinds, context.features().stepMs());
        this.expectation = expectation(modules, context, kinds);
        this.store = context.detect().models();
    }

    /**
     * The settings that shape each enabled kind's state (its module's settings, the features) and
     * the names its state is kept under: what {@code vigil train} writes into a version's manifest
     * and what a job checks there.
     */
    private static StoreExpectation expectation(DetectorModules modules, DetectorContext context,
            List<DetectorKind<?>> kinds) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("features", StoreExpectation.features(context.features()));
        Map<String, String> states = new TreeMap<>();
        for (DetectorKind<?> k : kinds) {
            states.put(k.name(), k.stateName());
            for (DetectorModule<?> m : modules.modules()) {
                if (m.name().equals(k.name())) {
                    settings.put("detect." + m.name(), DetectorModules.settings(m, context.detect()).toString());
                }
            }
        }
        return new StoreExpectation(context.features().stepMs(), settings, states);
    }

    /** What a model store version must match for this job's series to start from it. */
    public StoreExpectation expectation() {
        return expectation;
    }

    /** The model store series start from (detect.models), maybe none. */
    public DetectConfig.ModelsConfig store() {
        return store;
    }

    /** A codec for seeds of this job's detector kinds. */
    public SeedCodec codec() {
        Map<String, Class<?>> types = new TreeMap<>();
        for (DetectorKind<?> k : kinds) {
            types.put(k.name(), k.stateClass());
        }
        return new SeedCodec(types);
    }

    public List<DetectorKind<?>> kinds() {
        return kinds;
    }

    /** The controls now in force (the rules file is reread when it changes). */
    public ControlRules controls() {
        return controls.current();
    }

    /** A new series' models. */
    public SeriesModels fresh() {
        SeriesDetector<?>[] detectors = new SeriesDetector<?>[kinds.size()];
        TailCalibrator[] calibrators = new TailCalibrator[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            detectors[i] = kinds.get(i).create();
            calibrators[i] = scoring.calibrator(i, TailCalibrator.empty());
        }
        return new SeriesModels(detectors, calibrators, GateState.EMPTY, "");
    }

    /** A series' models from a store's seed ({@code version}), its alert gate kept as it was. */
    public SeriesModels seeded(SeriesSeed seed, String version, GateState gate) {
        Object[] states = new Object[kinds.size()];
        CalibrationState[] cals = new CalibrationState[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            states[i] = seed.detectors().get(kinds.get(i).name());
            cals[i] = seed.calibrations().get(kinds.get(i).name());
        }
        SeriesModels m = restore(states, cals, gate, version);
        m.seedIntervalMs = seed.intervalMs();
        return m;
    }

    /**
     * A series' models from their saved states, each null when the series has none yet.
     *
     * @param detectorStates one per kind, in {@link #kinds()} order
     */
    public SeriesModels restore(Object[] detectorStates, CalibrationState[] calibrations, GateState gate,
            String version) {
        SeriesDetector<?>[] detectors = new SeriesDetector<?>[kinds.size()];
        TailCalibrator[] calibrators = new TailCalibrator[kinds.size()];
        for (int i = 0; i < kinds.size(); i++) {
            detectors[i] = restore(kinds.get(i), detectorStates[i]);
            calibrators[i] = scoring.calibrator(i, calibrations[i] == null ? TailCalibrator.empty() : calibrations[i]);
        }
        return new SeriesModels(detectors, calibrators, gate == null ? GateState.EMPTY : gate,
                version == null ? "" : version);
    }

    @SuppressWarnings("unchecked")
    private static <S> SeriesDetector<S> restore(DetectorKind<S> kind, Object saved) {
        return saved == null ? kind.create() : kind.restore((S) saved);
    }

    /** Scores {@code p} and lets the series' models learn it (unless a freeze window covers it). */
    public Outcome score(FeatureVector in, SeriesModels m) {
        FeatureVector p = in;
        if (m.seedIntervalMs > 0) {
            // The first point after a seed: its interval is not known to the stream yet, the seed's is.
            p = withInterval(in, m.seedIntervalMs);
            m.seedIntervalMs = 0;
        }
        ControlRules rules = controls();
        boolean[] window = rules.windowAt(p.metric(), p.labels(), p.timestampMs());
        SeriesScoring.Result r = scoring.next(p, m.detectors, m.calibrators, rules.settingsFor(p.metric(), p.labels()),
                m.gate, window[0], window[1]);
        m.gate = r.gate();
        CombinedScore c = r.combined();
        return new Outcome(new ScoredPoint(p.series(), p.metric(), p.labels(), "", p.timestampMs(), p.value(),
                c.expected(), c.lower(), c.upper(), c.score(), c.direction(), c.detectors(), r.anomalous(), "",
                List.of(), p.intervalMs(), m.version),
                r.onsetScore(), window[0], window[1]);
    }

    private static FeatureVector withInterval(FeatureVector p, long intervalMs) {
        return new FeatureVector(p.series(), p.metric(), p.labels(), p.timestampMs(), p.value(), p.filled(), p.end(),
                p.rollingMean(), p.rollingStd(), p.lags(), p.ewma(), p.hourSin(), p.hourCos(), p.dowSin(), p.dowCos(),
                p.weekend(), p.history(), intervalMs);
    }

    /** Hands a shared model to the kind of the module that fitted it. */
    public void accept(SharedModel model) throws IOException {
        for (DetectorKind<?> k : kinds) {
            if (k.name().equals(model.detector())) {
                k.acceptShared(model.key(), model.bytes());
                return;
            }
        }
        throw new IllegalStateException("shared model for [detector=" + model.detector() + ", key=" + model.key()
                + "] but that detector is not enabled");
    }

    /**
     * One series' detectors, calibrators and alert gate: mutable while a point is scored, saved
     * after; and the model store version they started from ("" none).
     */
    public static final class SeriesModels {
        private final SeriesDetector<?>[] detectors;
        private final TailCalibrator[] calibrators;
        private GateState gate;
        private final String version;
        /** The seed's interval, for the first point after it (0: none pending). */
        private long seedIntervalMs;

        SeriesModels(SeriesDetector<?>[] detectors, TailCalibrator[] calibrators, GateState gate, String version) {
            this.detectors = detectors;
            this.calibrators = calibrators;
            this.gate = gate;
            this.version = version;
        }

        public String version() {
            return version;
        }

        public Object detectorState(int i) {
            return detectors[i].toState();
        }

        public CalibrationState calibrationState(int i) {
            return calibrators[i].toState();
        }

        public GateState gate() {
            return gate;
        }
    }
}
