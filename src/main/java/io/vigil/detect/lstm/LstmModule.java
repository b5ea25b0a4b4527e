package io.vigil.detect.lstm;

import io.vigil.config.ConfigReader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorModule;
import io.vigil.detect.SharedLearner;
import io.vigil.detect.SharedModel;
import io.vigil.detect.iforest.TrainingData;
import io.vigil.model.FeatureVector;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LSTM forecaster as a module (keys {@code detect.lstm.*}): one small recurrent network per metric
 * family, trained by {@code vigil train} into the model store and, unless {@code stream-fit} is off,
 * fitted and refitted in the stream from the recent clean values of a few of the family's series
 * ({@link LstmRows} → {@link FitLstmFamilies}, broadcast to the scorers); each series runs its
 * family's network one step per grid point (kind {@link LstmKind}).
 */
public final class LstmModule implements DetectorModule<LstmConfig> {
    public static final String NAME = "lstm";
    /** Operator uids (kebab-case, never renamed: savepoints map state by them). */
    public static final String ROWS_UID = "detect-lstm-rows";
    public static final String FIT_UID = "detect-lstm-fit";

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("detect.lstm.enabled").booleanType().defaultValue(false)
                    .withDescription("Score every point with its metric family's LSTM forecaster too, as one more "
                            + "calibrated detector. Off by default: on the benchmarks it does not pay for its cost "
                            + "(README).");
    public static final ConfigOption<String> FAMILY_LABEL =
            ConfigOptions.key("detect.lstm.family-label").stringType().defaultValue("service")
                    .withDescription("Label that splits a metric into families sharing one network (empty: one "
                            + "family per metric name).");
    public static final ConfigOption<Integer> HIDDEN =
            ConfigOptions.key("detect.lstm.hidden").intType().defaultValue(16)
                    .withDescription("Hidden units (1 to 32): 16 keeps a step near 1 µs and a series' state near "
                            + "230 bytes.");
    public static final ConfigOption<Integer> WINDOW =
            ConfigOptions.key("detect.lstm.window").intType().defaultValue(48)
                    .withDescription("Steps per training window: the longest dependency training can teach. The "
                            + "time of day is an input, so the daily cycle needs no window that long.");
    public static final ConfigOption<Integer> MAX_SERIES =
            ConfigOptions.key("detect.lstm.max-series").intType().defaultValue(8)
                    .withDescription("Series per family whose recent values the in-stream fit keeps (the first seen).");
    public static final ConfigOption<Integer> HISTORY_POINTS =
            ConfigOptions.key("detect.lstm.history-points").intType().defaultValue(2880)
                    .withDescription("Grid points kept per such series for the in-stream fit (2 days at 1 minute; "
                            + "~11 KB each).");
    public static final ConfigOption<Integer> MIN_POINTS =
            ConfigOptions.key("detect.lstm.min-points").intType().defaultValue(1000)
                    .withDescription("Points one of a family's series needs before its first in-stream fit.");
    public static final ConfigOption<Duration> REFIT_EVERY =
            ConfigOptions.key("detect.lstm.refit-every").durationType().defaultValue(Duration.ofDays(1))
                    .withDescription("Event time between a family's in-stream refits.");
    public static final ConfigOption<Duration> BASELINE =
            ConfigOptions.key("detect.lstm.baseline").durationType().defaultValue(Duration.ofDays(1))
                    .withDescription("Time constant of each series' level and scale, by which its values are "
                            + "normalised for the family's network.");
    public static final ConfigOption<Double> SENSITIVITY =
            ConfigOptions.key("detect.lstm.sensitivity").doubleType().defaultValue(4.0)
                    .withDescription("Forecast error, in the series' own noise units, that scores 0.5 before calibration.");
    public static final ConfigOption<Integer> MAX_EPOCHS =
            ConfigOptions.key("detect.lstm.max-epochs").intType().defaultValue(40)
                    .withDescription("Training epochs at most; early stopping on the latest fifth of the data "
                            + "usually ends sooner.");
    public static final ConfigOption<Boolean> STREAM_FIT =
            ConfigOptions.key("detect.lstm.stream-fit").booleanType().defaultValue(true)
                    .withDescription("Fit and refit the families' networks from the stream; off: only networks "
                            + "trained by 'vigil train' into detect.models are used.");

    /** This module's settings in {@code detect}. */
    public static LstmConfig settings(DetectConfig detect) {
        return detect.detector(NAME, LstmConfig.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<LstmConfig> settingsType() {
        return LstmConfig.class;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(ENABLED, FAMILY_LABEL, HIDDEN, WINDOW, MAX_SERIES, HISTORY_POINTS, MIN_POINTS, REFIT_EVERY,
                BASELINE, SENSITIVITY, MAX_EPOCHS, STREAM_FIT);
    }

    @Override
    public LstmConfig read(ConfigReader r) {
        int window = r.between(WINDOW, 8, 512);
        int history = r.between(HISTORY_POINTS, 64, 100_000);
        r.check(history > window, HISTORY_POINTS, "must exceed detect.lstm.window (" + window + ")");
        int minPoints = r.atLeast(MIN_POINTS, window + 2 * (int) SeriesBaseline.WARM);
        r.check(minPoints <= history, MIN_POINTS, "must not exceed detect.lstm.history-points (" + history + ")");
        double sensitivity = r.get(SENSITIVITY);
        r.check(sensitivity > 0, SENSITIVITY, "must be positive");
        return new LstmConfig(r.get(ENABLED), r.get(FAMILY_LABEL), r.between(HIDDEN, 1, 32), window,
                r.between(MAX_SERIES, 1, 1000), history, minPoints, r.positive(REFIT_EVERY), r.positive(BASELINE),
                sensitivity, r.between(MAX_EPOCHS, 1, 1000), r.get(STREAM_FIT));
    }

    @Override
    public DetectorKind<?> kind(LstmConfig settings, DetectorContext context) {
        return new LstmKind(settings, context.detect().models(), context.features().stepMs(),
                context.clock());
    }

    @Override
    public List<Class<?>> recordTypes() {
        return List.of(LstmState.class, LstmFamilyFit.class, LstmTrack.class, LstmRow.class);
    }

    private static LstmFitting fitting(LstmConfig c, DetectorContext context) {
        return new LstmFitting(c, context.features().stepMs(), c.historyPoints());
    }

    @Override
    public DataStream<SharedModel> sharedModels(DataStream<FeatureVector> features, LstmConfig c,
            DetectorContext context) {
        if (!c.enabled() || !c.streamFit()) {
            return null;
        }
        return features
                .flatMap(new LstmRows(c.familyLabel(), context.controls()))
                .uid(ROWS_UID).name(ROWS_UID)
                .keyBy(LstmRow::family, Types.STRING)
                .process(new FitLstmFamilies(fitting(c, context)))
                .uid(FIT_UID).name(FIT_UID);
    }

    /** The same fits in memory: the same tracks, fitted on the same schedule. */
    @Override
    public SharedLearner learner(LstmConfig c, DetectorContext context) {
        if (!c.enabled() || !c.streamFit()) {
            return null;
        }
        LstmFitting fitting = fitting(c, context);
        Map<String, LstmFamilyFit> fits = new HashMap<>();
        Map<String, LstmFitting.MapTracks> tracks = new HashMap<>();
        return (p, muted, frozen) -> {
            if (!SharedLearner.teaches(p, muted, frozen)) {
                return List.of();
            }
            String family = TrainingData.familyKey(p.metric(), p.labels(), c.familyLabel());
            try {
                LstmFitting.Step step = fitting.learn(family, fits.getOrDefault(family, LstmFamilyFit.EMPTY),
                        p.series(), p.timestampMs(), p.value(),
                        tracks.computeIfAbsent(family, f -> new LstmFitting.MapTracks()));
                fits.put(family, step.position());
                return step.model() == null ? List.of()
                        : List.of(step.model().shared());
            } catch (Exception e) {
                throw new IllegalStateException("LSTM fit of [family=" + family + "] failed: " + e.getMessage(), e);
            }
        };
    }
}
