package io.vigil.detect.entity;

import io.vigil.config.ConfigReader;
import io.vigil.config.DetectConfig;
import io.vigil.detect.DetectorContext;
import io.vigil.detect.DetectorKind;
import io.vigil.detect.DetectorModule;
import io.vigil.detect.iforest.IsolationModule;
import io.vigil.model.ScoredPoint;
import io.vigil.model.StringKeyType;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;
import java.util.List;

/**
 * Entities judged as a whole (keys {@code detect.entity.*}): every host, pod or instance whose
 * series share an entity label, without configuration or a training step ({@link JudgeEntities}).
 */
public final class EntityModule implements DetectorModule<EntityConfig> {
    public static final String NAME = "entity";
    /** Operator uids (kebab-case, never renamed: savepoints map state by them). */
    public static final String MEMBERS_UID = "detect-entity-members";
    public static final String OTHERS_UID = "detect-entity-others";
    public static final String JUDGE_UID = "detect-entities-judge";

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("detect.entity.enabled").booleanType().defaultValue(true)
                    .withDescription("Judge the series of each entity (host, pod, instance) together: a point "
                            + "anomaly pages only when another, independent group of the entity's series is "
                            + "anomalous too (else it is evidence), and combinations of deviations the entity "
                            + "never showed are entity anomalies.");
    public static final ConfigOption<List<String>> LABELS =
            ConfigOptions.key("detect.entity.labels").stringType().asList()
                    .defaultValues("pod", "host", "node", "instance")
                    .withDescription("Labels that name a series' entity; the first one a series carries counts. The "
                            + "scrape target (instance) comes last: kube-state-metrics or an exporter of many pods "
                            + "labels each series with the pod it describes, which is the entity.");
    public static final ConfigOption<Integer> MIN_SERIES =
            ConfigOptions.key("detect.entity.min-series").intType().defaultValue(8)
                    .withDescription("Series an entity needs before it is judged as a whole; smaller entities' "
                            + "series page on their own.");
    public static final ConfigOption<Integer> MAX_SERIES =
            ConfigOptions.key("detect.entity.max-series").intType().defaultValue(100)
                    .withDescription("Series an entity judges at most (its model grows with their square); later "
                            + "ones are scored on their own and counted (entity_points_over_cap).");
    public static final ConfigOption<Integer> WINDOW =
            ConfigOptions.key("detect.entity.window").intType().defaultValue(2)
                    .withDescription("Steps either side of a point anomaly in which another group of the entity's "
                            + "series must be anomalous for it to page; also the longest a point waits.");
    public static final ConfigOption<Double> GROUP_CORRELATION =
            ConfigOptions.key("detect.entity.group-correlation").doubleType().defaultValue(0.7)
                    .withDescription("Series whose deviations correlate at least this much (absolute) are one "
                            + "witness: near copies of one quantity do not corroborate each other.");
    public static final ConfigOption<Duration> REFIT_EVERY =
            ConfigOptions.key("detect.entity.refit-every").durationType().defaultValue(Duration.ofDays(1))
                    .withDescription("Event time between fits of an entity's relation model; the first fit waits "
                            + "this long after the entity's first step.");
    public static final ConfigOption<Boolean> RELATION =
            ConfigOptions.key("detect.entity.relation").booleanType().defaultValue(true)
                    .withDescription("Flag steps whose combination of deviations the entity's relation model finds "
                            + "beyond the false-alarm budget (off when trained entity forests are configured "
                            + "in detect.iforest.models: they judge entities instead).");

    public static EntityConfig settings(DetectConfig detect) {
        return detect.detector(NAME, EntityConfig.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<EntityConfig> settingsType() {
        return EntityConfig.class;
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(ENABLED, LABELS, MIN_SERIES, MAX_SERIES, WINDOW, GROUP_CORRELATION, REFIT_EVERY, RELATION);
    }

    @Override
    public EntityConfig read(ConfigReader r) {
        List<String> labels = r.get(LABELS);
        r.check(!labels.isEmpty() && labels.stream().noneMatch(String::isBlank), LABELS, "must name at least one label");
        int min = r.between(MIN_SERIES, 2, 10_000);
        int max = r.between(MAX_SERIES, 2, 1_000);
        r.check(min <= max, MIN_SERIES, "must not exceed detect.entity.max-series (" + max + ")");
        return new EntityConfig(r.get(ENABLED), labels, min, max, r.between(WINDOW, 1, 60),
                r.between(GROUP_CORRELATION, 0.1, 1.0), r.positive(REFIT_EVERY), r.get(RELATION));
    }

    @Override
    public DetectorKind<?> kind(EntityConfig settings, DetectorContext context) {
        throw new UnsupportedOperationException("the entity module scores no single points");
    }

    @Override
    public List<Class<?>> recordTypes() {
        return List.of(EntityFit.class, EntityLearning.class, PendingStep.class);
    }

    /** The settings the stage runs with: trained entity forests take precedence over the relation model. */
    public static EntityConfig effective(EntityConfig c, DetectConfig detect) {
        if (!c.relation() || !IsolationModule.settings(detect).hasModels()) {
            return c;
        }
        return new EntityConfig(c.on(), c.labels(), c.minSeries(), c.maxSeries(), c.window(), c.groupCorrelation(),
                c.refitEvery(), false);
    }

    @Override
    public DataStream<ScoredPoint> judged(DataStream<ScoredPoint> scored, EntityConfig c, DetectorContext context,
            FilterFunction<ScoredPoint> onward) {
        if (!c.on()) {
            return scored;
        }
        List<String> labels = c.labels();
        EntityConfig effective = effective(c, context.detect());
        long stepMs = context.features().stepMs();
        var calibration = context.detect().calibration();
        DataStream<ScoredPoint> members = scored
                .filter(p -> Entities.member(p.labels(), labels))
                .uid(MEMBERS_UID).name(MEMBERS_UID)
                .keyBy(p -> Entities.key(p.labels(), labels), StringKeyType.INSTANCE)
                .process(new JudgeEntities(effective, stepMs, context.features().seriesExpiry().toMillis(),
                        calibration, context.detect().models(), context.clock(), onward))
                .uid(JUDGE_UID).name(JUDGE_UID);
        DataStream<ScoredPoint> others = scored
                .filter(p -> !Entities.member(p.labels(), labels) && onward.filter(p))
                .uid(OTHERS_UID).name(OTHERS_UID);
        return others.union(members);
    }
}
