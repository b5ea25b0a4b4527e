package io.vigil.detect.iforest;

import io.vigil.config.ConfigReader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorModule;
import io.vigil.detect.SharedLearner;
import io.vigil.detect.SharedModel;
import io.vigil.model.FeatureVector;
import io.vigil.model.GridPoint;
import io.vigil.model.ScoredPoint;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Isolation Forests as a module (keys {@code detect.iforest.*}): per point, the family forest of the
 * point's metric family (kind {@link IsolationKind}, on with {@code families}), fitted in the stream
 * ({@link FamilyRows} → {@link FitFamilies}, broadcast to the scorers) unless a trained one exists;
 * per entity and step, the trained entity forests ({@link ScoreEntities}, on when a model directory
 * is configured).
 */
public final class IsolationModule implements DetectorModule<IsolationConfig> {
    public static final String NAME = "iforest";
    /** Operator uids (kebab-case, never renamed: savepoints map state by them). */
    public static final String ROWS_UID = "detect-iforest-rows";
    public static final String FIT_UID = "detect-iforest-fit";
    public static final String ENTITY_POINTS_UID = "detect-entity-points";
    public static final String ENTITIES_UID = "detect-entities";

    public static final ConfigOption<String> MODELS =
            ConfigOptions.key("detect.iforest.models").stringType().defaultValue("")
                    .withDescription("Model store written by 'vigil train' (its current version's forests/); its entity "
                            + "models score each entity's metrics together every step. Empty: off.");
    public static final ConfigOption<String> ENTITY_LABEL =
            ConfigOptions.key("detect.iforest.entity-label").stringType().defaultValue("service")
                    .withDescription("Label naming the entity whose metrics form one vector (as in 'vigil train').");
    public static final ConfigOption<Duration> RELOAD =
            ConfigOptions.key("detect.iforest.reload-every").durationType().defaultValue(Duration.ofSeconds(30))
                    .withDescription("How often the job checks the model directory for newly trained models.");
    public static final ConfigOption<Boolean> FAMILIES =
            ConfigOptions.key("detect.iforest.families").booleanType().defaultValue(false)
                    .withDescription("Score every point with its metric family's Isolation Forest too (the trained "
                            + "model in detect.iforest.models, else one fitted in the stream) as one more "
                            + "calibrated detector. Off by default: on NAB it costs more than it finds (README).");
    public static final ConfigOption<String> FAMILY_LABEL =
            ConfigOptions.key("detect.iforest.family-label").stringType().defaultValue("service")
                    .withDescription("Label that splits a metric into families (as 'vigil train --family-label'; "
                            + "empty: one family per metric name).");
    public static final ConfigOption<Integer> SAMPLE_SIZE =
            ConfigOptions.key("detect.iforest.sample-size").intType().defaultValue(2048)
                    .withDescription("Recent clean vectors a family keeps for its in-stream fit (rows; ~52 B "
                            + "each at the default features).");
    public static final ConfigOption<Integer> MIN_ROWS =
            ConfigOptions.key("detect.iforest.min-rows").intType().defaultValue(512)
                    .withDescription("Rows a family needs before its first in-stream fit.");
    public static final ConfigOption<Duration> REFIT_EVERY =
            ConfigOptions.key("detect.iforest.refit-every").durationType().defaultValue(Duration.ofDays(1))
                    .withDescription("Event time between in-stream refits; also the history a first fit waits for.");
    public static final ConfigOption<Double> CONTAMINATION =
            ConfigOptions.key("detect.iforest.contamination").doubleType().defaultValue(0.01)
                    .withDescription("Share of an in-stream fit's rows above its threshold (score 0.5 without "
                            + "calibration).");

    /** This module's settings in {@code detect}. */
    public static IsolationConfig settings(DetectConfig detect) {
        return detect.detector(NAME, IsolationConfig.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<IsolationConfig> settingsType() {
        return IsolationConfig.class;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(MODELS, ENTITY_LABEL, RELOAD, FAMILIES, FAMILY_LABEL, SAMPLE_SIZE, MIN_ROWS, REFIT_EVERY,
                CONTAMINATION);
    }

    @Override
    public IsolationConfig read(ConfigReader r) {
        int sample = r.atLeast(SAMPLE_SIZE, 64);
        r.check(sample <= 100_000, SAMPLE_SIZE, "must be at most 100000");
        int minRows = r.atLeast(MIN_ROWS, 64);
        r.check(minRows <= sample, MIN_ROWS, "must not exceed detect.iforest.sample-size (" + sample + ")");
        return new IsolationConfig(r.get(MODELS), r.get(ENTITY_LABEL), r.positive(RELOAD), r.get(FAMILIES),
                r.get(FAMILY_LABEL), sample, minRows, r.positive(REFIT_EVERY), r.between(CONTAMINATION, 0.0001, 0.2));
    }

    @Override
    public DetectorKind<?> kind(IsolationConfig settings, DetectorContext context) {
        return new IsolationKind(settings, context.features().stepMs(), context.clock());
    }

    @Override
    public List<Class<?>> recordTypes() {
        return List.of(IsolationState.class, FamilyFit.class, FamilyRow.class, EntityStep.class);
    }

    private static FamilyFitting fitting(IsolationConfig c, DetectorContext context) {
        return new FamilyFitting(c.sampleSize(), c.minRows(), c.refitEvery().toMillis(), c.contamination(),
                FamilyVectors.names(context.features().lagSteps(), context.features().windowSteps()));
    }

    /** Family forests fitted from the clean family vectors, keyed by family; none unless {@code families}. */
    @Override
    public DataStream<SharedModel> sharedModels(DataStream<FeatureVector> features, IsolationConfig c,
            DetectorContext context) {
        if (!c.families()) {
            return null;
        }
        return features
                .flatMap(new FamilyRows(c.familyLabel(), context.controls()))
                .uid(ROWS_UID).name(ROWS_UID)
                .keyBy(FamilyRow::family, Types.STRING)
                .process(new FitFamilies(fitting(c, context)))
                .uid(FIT_UID).name(FIT_UID);
    }

    /** The same fits in memory: one ring per family, fitted on the same schedule from the same rows. */
    @Override
    public SharedLearner learner(IsolationConfig c, DetectorContext context) {
        if (!c.families()) {
            return null;
        }
        FamilyFitting fitting = fitting(c, context);
        Map<String, FamilyFit> fits = new HashMap<>();
        Map<String, FamilyFitting.ListRing> rings = new HashMap<>();
        return (p, muted, frozen) -> {
            double[] v = FamilyFitting.cleanVector(p, muted, frozen);
            if (v == null) {
                return List.of();
            }
            String family = TrainingData.familyKey(p.metric(), p.labels(), c.familyLabel());
            try {
                FamilyFitting.Step step = fitting.learn(family, fits.getOrDefault(family, FamilyFit.EMPTY), p.series(),
                        p.timestampMs(), v, rings.computeIfAbsent(family, f -> new FamilyFitting.ListRing()));
                fits.put(family, step.position());
                return step.model() == null ? List.of()
                        : List.of(new SharedModel(NAME, step.model().key(), ModelBytes.of(step.model())));
            } catch (Exception e) {
                throw new IllegalStateException("family forest fit of [family=" + family + "] failed: "
                        + e.getMessage(), e);
            }
        };
    }

    /** Each entity's metrics scored together per step by its trained forest; none without a model directory. */
    @Override
    public DataStream<ScoredPoint> entityAnomalies(DataStream<GridPoint> grid, IsolationConfig c,
            DetectorContext context) {
        if (!c.hasModels()) {
            return null;
        }
        String entityLabel = c.entityLabel();
        long stepMs = context.features().stepMs();
        double alarmRate = context.detect().calibration().falseAlarmsPerDay() * stepMs / 86_400_000.0;
        return grid
                .filter(p -> !p.end() && p.labels().containsKey(entityLabel))
                .uid(ENTITY_POINTS_UID).name(ENTITY_POINTS_UID)
                .keyBy(p -> p.labels().get(entityLabel), Types.STRING)
                .process(new ScoreEntities(c, context.detect().threshold(), stepMs, alarmRate,
                        context.serviceLabels(), context.clock()))
                .uid(ENTITIES_UID).name(ENTITIES_UID);
    }
}
